package io.omnihub.mapping;

import java.nio.file.Path;

/** A mapping or lookup file the hub cannot use, with the file and, where known, the position. */
public class MappingFileException extends RuntimeException {

    public MappingFileException(Path file, int line, int column, String problem, Throwable cause) {
        super(file + (line > 0 ? " (line " + line + (column > 0 ? ", column " + column : "") + ")" : "") + ": " + problem,
                cause);
    }
}
