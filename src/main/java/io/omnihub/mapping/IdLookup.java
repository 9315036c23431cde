package io.omnihub.mapping;

import java.util.Optional;

/** What mappings ask of the ID registry: {@code xref(...)} and {@code xref-out(...)} in a mapping file. */
public interface IdLookup {

    /** The canonical id of a system's id; registered on first sight (records the system creates: orders, lines). */
    String canonicalId(String system, String entity, String externalId);

    /** The canonical id of a system's id if it was linked before (reference data: SKUs, locations); never created here. */
    Optional<String> knownCanonicalId(String system, String entity, String externalId);

    /** A system's id for a canonical record, if known. */
    Optional<String> externalId(String system, String entity, String canonicalId);
}
