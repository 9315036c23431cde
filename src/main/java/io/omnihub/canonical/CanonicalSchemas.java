package io.omnihub.canonical;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.omnihub.broker.EventsProperties;

/**
 * The canonical model's JSON Schemas (2020-12, {@code classpath:canonical/<entity>.schema.json}),
 * one per canonical entity. Every schema is loaded and its references resolved when the hub
 * starts, so a broken schema stops the start instead of the first record; the compiled schemas
 * are thread-safe and shared.
 */
@Component
public class CanonicalSchemas {

    static final String ID_PREFIX = "https://omnihub.io/schemas/canonical/";

    private final Map<String, Schema> schemas;

    @Autowired
    public CanonicalSchemas(EventsProperties events) {
        this(events.entities());
    }

    /** The schemas of the given entities, for tools and tests that run without Spring. */
    public CanonicalSchemas(List<String> entities) {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder
                .schemaIdResolvers(ids -> ids.mapPrefix(ID_PREFIX, "classpath:canonical/"))
                .schemaRegistryConfig(SchemaRegistryConfig.builder()
                        .pathType(PathType.JSON_POINTER)
                        // date-time, email and uri are checked, not only annotated
                        .formatAssertionsEnabled(true)
                        .build()));
        this.schemas = entities.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), entity -> {
            Schema schema = registry.getSchema(SchemaLocation.of(ID_PREFIX + entity + ".schema.json"));
            schema.initializeValidators();
            return schema;
        }));
    }

    public boolean knows(String entity) {
        return schemas.containsKey(entity);
    }

    /** The ways the record breaks its entity's schema; empty when it is valid. */
    public List<SchemaViolation> validate(String entity, JsonNode record) {
        Schema schema = schemas.get(entity);
        if (schema == null) {
            throw new IllegalArgumentException("No canonical schema for entity '" + entity + "'");
        }
        return schema.validate(record).stream()
                .map(error -> new SchemaViolation(error.getInstanceLocation().toString(), error.getKeyword(),
                        error.getMessage()))
                .toList();
    }
}
