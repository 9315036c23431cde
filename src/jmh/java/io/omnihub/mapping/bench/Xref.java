package io.omnihub.mapping.bench;

import java.util.Map;

/**
 * The ID registry as the mappings see it in the benchmark: an in-memory map. The real registry
 * answers canonical ids from its cache once seen; its reverse lookup (xref-out) still reads the
 * database, so the benchmark's outbound side is an upper bound for that.
 */
public final class Xref {

    private final Map<String, String> toCanonical;
    private final Map<String, String> toExternal;

    public Xref(Map<String, String> toCanonical, Map<String, String> toExternal) {
        this.toCanonical = toCanonical;
        this.toExternal = toExternal;
    }

    /** Canonical id of a system's id; keys are "system|entity|externalId". */
    public String canonical(String system, String entity, String externalId) {
        String id = toCanonical.get(system + "|" + entity + "|" + externalId);
        if (id == null) {
            throw new IllegalArgumentException("No canonical id for " + system + " " + entity + " " + externalId);
        }
        return id;
    }

    /** A system's id for a canonical id; keys are "system|entity|canonicalId". */
    public String external(String system, String entity, String canonicalId) {
        String id = toExternal.get(system + "|" + entity + "|" + canonicalId);
        if (id == null) {
            throw new IllegalArgumentException("No " + system + " id for " + entity + " " + canonicalId);
        }
        return id;
    }
}
