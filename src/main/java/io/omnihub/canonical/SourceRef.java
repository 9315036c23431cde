package io.omnihub.canonical;

/** Where a canonical record came from: its system and its id there (common.schema.json#/$defs/sourceRef). */
public record SourceRef(String system, String externalId) {
}
