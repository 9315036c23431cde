package io.omnihub.xref;

import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/**
 * The ID registry in Hawtio's JMX tab (io.omnihub:type=IdRegistry): look ids up both ways, and link
 * reference data by hand until the catalogue sync does it.
 */
@Component
@ManagedResource(objectName = "io.omnihub:type=IdRegistry", description = "ID registry: system ids ↔ canonical ids")
public class IdRegistryMBean {

    private final IdRegistry registry;

    public IdRegistryMBean(IdRegistry registry) {
        this.registry = registry;
    }

    @ManagedAttribute(description = "Number of registered system ids")
    public long getEntryCount() {
        return registry.count();
    }

    @ManagedOperation(description = "Canonical id of a system's id, or an empty string when unknown")
    @ManagedOperationParameter(name = "system", description = "System, e.g. square")
    @ManagedOperationParameter(name = "entity", description = "Canonical entity, e.g. product")
    @ManagedOperationParameter(name = "externalId", description = "The system's own id")
    public String canonicalId(String system, String entity, String externalId) {
        return registry.find(system, entity, externalId).map(XrefEntry::canonicalId).orElse("");
    }

    @ManagedOperation(description = "Link a system's id to a known canonical id (reference data such as a SKU "
            + "or a location, which mappings never create); answers the canonical id in force")
    @ManagedOperationParameter(name = "system", description = "System, e.g. square")
    @ManagedOperationParameter(name = "entity", description = "Entity, e.g. sku")
    @ManagedOperationParameter(name = "externalId", description = "The system's own id")
    @ManagedOperationParameter(name = "canonicalId", description = "The hub's canonical id, e.g. the SKU")
    public String link(String system, String entity, String externalId, String canonicalId) {
        return registry.link(system, entity, externalId, canonicalId);
    }

    @ManagedOperation(description = "Every system's id for a canonical record, as system=externalId")
    @ManagedOperationParameter(name = "entity", description = "Canonical entity, e.g. product")
    @ManagedOperationParameter(name = "canonicalId", description = "The hub's canonical id")
    public String[] externalIds(String entity, String canonicalId) {
        return registry.externalIds(entity, canonicalId).stream()
                .map(e -> e.system() + "=" + e.externalId())
                .toArray(String[]::new);
    }
}
