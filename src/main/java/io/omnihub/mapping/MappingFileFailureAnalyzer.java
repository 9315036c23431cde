package io.omnihub.mapping;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A mapping or lookup file that cannot be used stops the hub with its name and position, not a stack trace. */
public class MappingFileFailureAnalyzer extends AbstractFailureAnalyzer<MappingFileException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MappingFileException cause) {
        return new FailureAnalysis("Cannot load mapping file " + cause.getMessage(),
                "Fix the file (JSLT syntax: https://github.com/schibsted/jslt), or move it out of mappings/. "
                        + "`./mvnw verify` compiles every mapping and runs its fixtures (MappingFixturesTest).",
                cause);
    }
}
