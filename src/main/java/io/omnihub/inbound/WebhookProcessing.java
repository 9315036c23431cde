package io.omnihub.inbound;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.omnihub.correlation.CorrelationIds;
import io.omnihub.event.CloudEvents;
import io.omnihub.mapping.MappingException;
import io.omnihub.mapping.Mappings;

/**
 * Turns stored webhooks into canonical events: claim the row, map it with the topic's mapping file,
 * validate, drop records older than what the hub already has, publish, and write the outcome on
 * the row (PUBLISHED, REJECTED with the reason, IGNORED, STALE, or RETRY after a transient failure).
 * Event ids are derived from the platform's event id, so a record published twice after a crash
 * carries the same CloudEvent id and consumers apply it once.
 */
@Component("webhookProcessing")
public class WebhookProcessing {

    private static final Logger log = LoggerFactory.getLogger(WebhookProcessing.class);

    /** A row claimed longer ago than this is taken to be lost with a crashed worker. */
    private static final Duration LEASE = Duration.ofMinutes(1);

    /** One stored webhook being processed. */
    public record Row(long id, String system, String account, String eventId, String topic, String correlationId,
            Instant occurredAt, String body, int attempts) {

        String source() {
            return "/omnihub/webhooks/" + system + "/" + account;
        }
    }

    /** One canonical record ready for the events sink. */
    public record CanonicalEvent(String entity, String key, String eventId, byte[] data) {
    }

    private static final String ROW = "webhookRow";
    private static final String CLAIMED = "webhookClaimed";

    private final JdbcTemplate jdbc;
    private final Mappings mappings;
    private final ObjectMapper json;
    private final WebhookProperties properties;
    private final InboundWatermarks watermarks;
    private final Clock clock = Clock.systemUTC();

    public WebhookProcessing(JdbcTemplate jdbc, Mappings mappings, ObjectMapper json, WebhookProperties properties,
            InboundWatermarks watermarks) {
        this.jdbc = jdbc;
        this.mappings = mappings;
        this.json = json;
        this.properties = properties;
        this.watermarks = watermarks;
    }

    /** Claims the row named by the body's {@link WebhookInbox.Key}; property {@code webhookClaimed} says whether this worker has it. */
    public void claim(Exchange exchange) {
        WebhookInbox.Key key = exchange.getMessage().getBody(WebhookInbox.Key.class);
        Instant now = clock.instant();
        int claimed = jdbc.update("""
                UPDATE webhook_inbox SET status = 'PROCESSING', attempts = attempts + 1, processed_at = ?
                WHERE system = ? AND account = ? AND event_id = ?
                  AND (status IN ('RECEIVED', 'RETRY') OR (status = 'PROCESSING' AND processed_at < ?))""",
                Timestamp.from(now), key.system(), key.account(), key.eventId(), Timestamp.from(now.minus(LEASE)));
        exchange.setProperty(CLAIMED, claimed == 1);
        if (claimed == 1) {
            Row row = jdbc.queryForObject("""
                    SELECT id, system, account, event_id, topic, correlation_id, occurred_at, body, attempts
                    FROM webhook_inbox WHERE system = ? AND account = ? AND event_id = ?""",
                    (rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant(),
                            rs.getString(8), rs.getInt(9)),
                    key.system(), key.account(), key.eventId());
            exchange.setProperty(ROW, row);
            CorrelationIds.use(exchange, row.correlationId());
        }
    }

    /**
     * Maps the claimed row to the canonical records to publish. A record that cannot be mapped or
     * is invalid rejects the whole webhook with the mapping's message; an unmapped topic is ignored;
     * records older than the hub's newest for their key are left out (all of them: STALE).
     */
    public List<CanonicalEvent> toEvents(Exchange exchange) throws java.io.IOException {
        Row row = exchange.getProperty(ROW, Row.class);
        String mapping = properties.topics().getOrDefault(row.system(), Map.of()).get(row.topic());
        if (mapping == null) {
            finish(row, "IGNORED", "No mapping for " + row.system() + " topic '" + row.topic()
                    + "' (omnihub.webhooks.topics." + row.system() + ")", null);
            return List.of();
        }
        List<JsonNode> records;
        try {
            records = mappings.toCanonical(mapping, json.readTree(row.body()), row.system() + " event " + row.eventId());
        } catch (MappingException e) {
            finish(row, "REJECTED", e.getMessage(), null);
            log.warn("Rejected {} webhook {}: {}", row.system(), row.eventId(), e.getMessage());
            return List.of();
        }
        String entity = mappings.canonicalEntity(mapping);
        List<CanonicalEvent> events = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            String key = records.get(i).get("id").asText();
            if (isCurrent(entity, key, row)) {
                String eventId = UUID.nameUUIDFromBytes((row.source() + "/" + row.eventId() + "#" + i)
                        .getBytes(StandardCharsets.UTF_8)).toString();
                events.add(new CanonicalEvent(entity, key, eventId, json.writeValueAsBytes(records.get(i))));
            }
        }
        if (events.isEmpty()) {
            finish(row, records.isEmpty() ? "IGNORED" : "STALE", records.isEmpty()
                    ? "The mapping " + mapping + " produced no records"
                    : "Older than what the hub already has for " + entity + " " + records.get(0).get("id").asText(), null);
        }
        return events;
    }

    /** Sets the event sink's headers for one record (the body of a split). */
    public void eventHeaders(Exchange exchange) {
        CanonicalEvent event = exchange.getMessage().getBody(CanonicalEvent.class);
        Row row = exchange.getProperty(ROW, Row.class);
        var message = exchange.getMessage();
        message.setHeader(CloudEvents.ENTITY, event.entity());
        message.setHeader(CloudEvents.KEY, event.key());
        message.setHeader(CloudEvents.SOURCE, row.source());
        message.setHeader(CloudEvents.EVENT_ID, event.eventId());
        message.setBody(event.data());
    }

    /** Records a successful publication of every event of the row. */
    public void published(Exchange exchange) {
        Row row = exchange.getProperty(ROW, Row.class);
        @SuppressWarnings("unchecked")
        List<CanonicalEvent> events = exchange.getMessage().getBody(List.class);
        String ids = String.join(",", events.stream().map(e -> e.entity() + ":" + e.key() + "=" + e.eventId()).toList());
        finish(row, "PUBLISHED", events.size() + " event(s) published", ids);
        log.info("Published {} event(s) from {} webhook {}", events.size(), row.system(), row.eventId());
    }

    /** After a failure that may pass (Kafka unavailable …): RETRY, or REJECTED once the attempts are used up. */
    public void failed(Exchange exchange) {
        Row row = exchange.getProperty(ROW, Row.class);
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = error == null ? "unknown failure" : error.getClass().getSimpleName() + ": " + error.getMessage();
        if (row == null) {
            log.warn("Webhook processing failed before a row was claimed: {}", reason);
            return;
        }
        boolean giveUp = row.attempts() >= properties.maxAttempts();
        finish(row, giveUp ? "REJECTED" : "RETRY",
                (giveUp ? "Gave up after " + row.attempts() + " attempts: " : "Attempt " + row.attempts() + " failed: ") + reason, null);
        log.warn("Processing {} webhook {} failed (attempt {}): {}", row.system(), row.eventId(), row.attempts(), reason);
    }

    /** Rows waiting longer than one sweep: left by a crash, a full hand-off queue, or a failed attempt. */
    public List<WebhookInbox.Key> due() {
        Instant now = clock.instant();
        Timestamp before = Timestamp.from(now.minus(properties.sweepEvery()));
        return jdbc.query("""
                SELECT system, account, event_id FROM webhook_inbox
                WHERE (status = 'RECEIVED' AND received_at < ?)
                   OR (status = 'RETRY' AND processed_at < ?)
                   OR (status = 'PROCESSING' AND processed_at < ?)
                ORDER BY id LIMIT 500""",
                (rs, n) -> new WebhookInbox.Key(rs.getString(1), rs.getString(2), rs.getString(3)),
                before, before, Timestamp.from(now.minus(LEASE)));
    }

    /** Without a platform time there is nothing to compare, and the record passes. */
    private boolean isCurrent(String entity, String key, Row row) {
        return row.occurredAt() == null || watermarks.advance(entity, key, row.source(), row.occurredAt());
    }

    private void finish(Row row, String status, String outcome, String events) {
        jdbc.update("UPDATE webhook_inbox SET status = ?, outcome = ?, events = ?, processed_at = ? WHERE id = ?",
                status, truncate(outcome), truncate(events), Timestamp.from(clock.instant()), row.id());
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 4000 ? text : text.substring(0, 3997) + "...";
    }
}
