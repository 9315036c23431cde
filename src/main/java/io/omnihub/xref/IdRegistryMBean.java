package io.omnihub.xref;

import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/** The ID registry in Hawtio's JMX tab (io.omnihub:type=IdRegistry): look ids up both ways. */
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

    @ManagedOperation(description = "Every system's id for a canonical record, as system=externalId")
    @ManagedOperationParameter(name = "entity", description = "Canonical entity, e.g. product")
    @ManagedOperationParameter(name = "canonicalId", description = "The hub's canonical id")
    public String[] externalIds(String entity, String canonicalId) {
        return registry.externalIds(entity, canonicalId).stream()
                .map(e -> e.system() + "=" + e.externalId())
                .toArray(String[]::new);
    }
}
