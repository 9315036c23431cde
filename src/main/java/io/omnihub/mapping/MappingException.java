package io.omnihub.mapping;

import java.nio.file.Path;

/** A record the mapping could not translate; names the mapping file and what went wrong. */
public class MappingException extends RuntimeException {

    public MappingException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
