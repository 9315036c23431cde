package io.omnihub.xref;

import java.time.OffsetDateTime;

/** One system's id for a record, tied to the hub's canonical id. */
public record XrefEntry(String system, String entity, String externalId, String canonicalId, int version,
                        OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
