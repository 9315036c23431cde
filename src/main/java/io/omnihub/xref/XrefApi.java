package io.omnihub.xref;

import java.util.List;

import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import io.omnihub.api.RejectedInputException;

/** The ID registry as the flows in routes/xref-*.camel.yaml serve it over HTTP: lookups only. */
@Component("xrefApi")
public class XrefApi {

    private final IdRegistry registry;

    public XrefApi(IdRegistry registry) {
        this.registry = registry;
    }

    public XrefEntry byExternalId(@Header("system") String system, @Header("entity") String entity,
                                  @Header("externalId") String externalId) {
        return registry.find(system, entity, externalId).orElseThrow(() -> new RejectedInputException(404,
                "No canonical id for " + system + " " + entity + " " + externalId));
    }

    public List<XrefEntry> byCanonicalId(@Header("entity") String entity, @Header("canonicalId") String canonicalId) {
        List<XrefEntry> entries = registry.externalIds(entity, canonicalId);
        if (entries.isEmpty()) {
            throw new RejectedInputException(404, "No system ids for " + entity + " " + canonicalId);
        }
        return entries;
    }
}
