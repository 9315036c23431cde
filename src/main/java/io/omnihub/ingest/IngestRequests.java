package io.omnihub.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import io.omnihub.api.JsonBodies;
import io.omnihub.api.RejectedInputException;
import io.omnihub.broker.EventsProperties;
import io.omnihub.canonical.CanonicalSchemas;
import io.omnihub.canonical.SchemaViolation;
import io.omnihub.correlation.CorrelationIds;
import io.omnihub.event.CloudEvents;

/**
 * Checks a posted record before it is published: a known entity, a JSON object with an {@code id},
 * valid against the entity's canonical schema (every error named by its JSON Pointer).
 * On success the body is the raw bytes as received, and the event headers are set.
 */
@Component("ingestRequests")
public class IngestRequests {

    /** The canonical id's limit (common.schema.json#/$defs/canonicalId). */
    private static final int MAX_ID_LENGTH = 128;

    private final EventsProperties events;
    private final CanonicalSchemas schemas;
    private final long maxBodyBytes;

    public IngestRequests(EventsProperties events, CanonicalSchemas schemas, IngestProperties ingest) {
        this.events = events;
        this.schemas = schemas;
        this.maxBodyBytes = ingest.maxBodySize().toBytes();
    }

    public void accept(Exchange exchange) {
        Message in = exchange.getMessage();
        String entity = in.getHeader("entity", String.class);
        if (!events.knows(entity)) {
            throw new RejectedInputException(404, "Unknown entity '" + entity + "'; known: " + events.entities());
        }
        byte[] body = JsonBodies.bytes(in, maxBodyBytes, "omnihub.ingest.max-body-size");
        JsonNode record = JsonBodies.object(body);
        JsonNode id = record.get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw RejectedInputException.badRequest("Field 'id' is missing or not a non-empty string");
        }
        if (id.asText().length() > MAX_ID_LENGTH) {
            throw RejectedInputException.badRequest("Field 'id' is longer than " + MAX_ID_LENGTH + " characters");
        }
        List<SchemaViolation> violations = schemas.validate(entity, record);
        if (!violations.isEmpty()) {
            throw new RejectedInputException(400, "Record " + entity + " " + id.asText() + " does not match the "
                    + "canonical schema " + entity + ".schema.json",
                    violations.stream().map(SchemaViolation::toString).toList());
        }
        in.setBody(body);
        in.setHeader(CloudEvents.ENTITY, entity);
        in.setHeader(CloudEvents.KEY, id.asText());
    }

    /** What the caller gets back: where the record went and how to trace it. */
    public Map<String, String> receipt(Exchange exchange) {
        Map<String, String> receipt = new LinkedHashMap<>();
        receipt.put("entity", exchange.getProperty(CloudEvents.ENTITY, String.class));
        receipt.put("id", exchange.getProperty(CloudEvents.KEY, String.class));
        receipt.put("eventId", exchange.getProperty(CloudEvents.EVENT_ID, String.class));
        receipt.put("correlationId", CorrelationIds.of(exchange));
        return receipt;
    }
}
