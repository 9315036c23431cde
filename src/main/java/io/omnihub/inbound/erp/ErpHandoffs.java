package io.omnihub.inbound.erp;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.omnihub.correlation.CorrelationIds;
import io.omnihub.event.CloudEvents;
import io.omnihub.mapping.MappingException;
import io.omnihub.mapping.Mappings;

/**
 * The hub's side of an ERP staging row, called by the erp-jdbc-source Kamelet for each row it
 * claimed, inside the poll's transaction. {@link #prepare} decides what the row becomes: a
 * canonical event to publish, a duplicate of a version handed off before (nothing published), a
 * stale version older than one handed off (nothing published, so state never moves back), or an
 * error naming the column and value. {@link #record} writes that outcome to {@code erp_handoff};
 * the Kamelet then marks the row DONE or ERROR, and the transaction commits all of it at once.
 */
@Component("erpHandoffs")
public class ErpHandoffs {

    /** What became of one delivery of a staging row. */
    public enum Outcome { PUBLISHED, DUPLICATE, STALE, ERROR }

    /** Exchange properties the Kamelet sets: the staging table and the mapping of its rows. */
    static final String TABLE = "erpTable";
    static final String MAPPING = "erpMapping";
    /** Exchange properties for the Kamelet: whether to publish, and how to mark the staging row. */
    static final String PUBLISH = "erpPublish";
    static final String ROW_ID = "erpRowId";
    static final String ROW_STATUS = "erpRowStatus";
    static final String ROW_NOTE = "erpRowNote";
    private static final String HANDOFF = "erpHandoff";

    /** The row's column error_message and the hand-off's reason hold this much. */
    private static final int MAX_REASON = 2000;

    private static final Logger log = LoggerFactory.getLogger(ErpHandoffs.class);

    /** An earlier delivery of the same version. */
    record Previous(long id, String outcome, String eventId, Instant firstSeenAt) {
    }

    /** The decision for one delivery; entity and entityId are set once the row mapped. */
    record Handoff(ErpRowKey key, long rowId, Previous previous, Outcome outcome, String reason,
            String entity, String entityId) {
    }

    private final JdbcTemplate jdbc;
    private final Mappings mappings;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();

    public ErpHandoffs(JdbcTemplate jdbc, Mappings mappings, ObjectMapper json, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.mappings = mappings;
        this.json = json;
        this.meters = meters;
    }

    /** Decides what the claimed row (the body) becomes; for a row to publish, sets the body and the events sink's headers. */
    public void prepare(Exchange exchange) throws InvalidPayloadException, JsonProcessingException {
        @SuppressWarnings("unchecked")
        Map<String, Object> row = exchange.getMessage().getMandatoryBody(Map.class);
        ErpRowKey key = ErpRowKey.of(exchange.getProperty(TABLE, String.class), row);
        long rowId = ErpRowKey.rowId(row);
        CorrelationIds.use(exchange, key.correlationId());
        Previous previous = previous(key).orElse(null);

        Handoff handoff;
        if (previous != null && !Outcome.ERROR.name().equals(previous.outcome())) {
            handoff = new Handoff(key, rowId, previous, Outcome.DUPLICATE, "Duplicate: version " + key.version()
                    + " was handed off before (" + previous.outcome() + (previous.eventId() == null ? "" : ", event " + previous.eventId())
                    + ", first seen " + previous.firstSeenAt() + "); nothing published again", null, null);
        } else {
            handoff = map(exchange, key, rowId, previous, row);
        }
        exchange.setProperty(HANDOFF, handoff);
        exchange.setProperty(PUBLISH, handoff.outcome() == Outcome.PUBLISHED);
        exchange.setProperty(ROW_ID, rowId);
        exchange.setProperty(ROW_STATUS, handoff.outcome() == Outcome.ERROR ? "ERROR" : "DONE");
        exchange.setProperty(ROW_NOTE, truncate(handoff.reason()));
    }

    private Handoff map(Exchange exchange, ErpRowKey key, long rowId, Previous previous, Map<String, Object> row)
            throws JsonProcessingException {
        String mapping = exchange.getProperty(MAPPING, String.class);
        JsonNode record;
        try {
            List<JsonNode> records = mappings.toCanonical(mapping, ErpRows.toJson(row), key.toString());
            if (records.size() != 1) {
                return new Handoff(key, rowId, previous, Outcome.ERROR, "The mapping " + mapping + " made " + records.size()
                        + " records of the row; an ERP staging row is one record", null, null);
            }
            record = records.get(0);
        } catch (MappingException e) {
            return new Handoff(key, rowId, previous, Outcome.ERROR, e.getMessage(), null, null);
        }
        String entity = mappings.canonicalEntity(mapping);
        String entityId = record.path("id").asText();
        if (!advanceWatermark(key)) {
            return new Handoff(key, rowId, previous, Outcome.STALE, "Stale: version " + key.version()
                    + " is older than version " + watermark(key) + ", which the hub already has; not published, so "
                    + entity + " " + entityId + " does not move back", entity, entityId);
        }
        Message message = exchange.getMessage();
        message.setHeader(CloudEvents.ENTITY, entity);
        message.setHeader(CloudEvents.KEY, entityId);
        message.setHeader(CloudEvents.SOURCE, key.source());
        message.setHeader(CloudEvents.EVENT_ID, key.eventId());
        message.setBody(json.writeValueAsBytes(record));
        return new Handoff(key, rowId, previous, Outcome.PUBLISHED, null, entity, entityId);
    }

    /** Writes the outcome of the delivery (after the event, if any, was handed to Kafka). */
    public void record(Exchange exchange) {
        Handoff handoff = exchange.getProperty(HANDOFF, Handoff.class);
        ErpRowKey key = handoff.key();
        Timestamp now = Timestamp.from(clock.instant());
        String eventId = handoff.outcome() == Outcome.PUBLISHED ? key.eventId() : null;
        if (handoff.previous() == null) {
            jdbc.update("""
                    INSERT INTO erp_handoff (table_name, source_system, external_id, row_version, row_id, correlation_id,
                                             outcome, reason, entity, entity_id, event_id, first_seen_at, last_seen_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    key.table(), key.sourceSystem(), key.externalId(), key.version(), handoff.rowId(), key.correlationId(),
                    handoff.outcome().name(), truncate(handoff.reason()), handoff.entity(), handoff.entityId(), eventId, now, now);
        } else if (handoff.outcome() == Outcome.DUPLICATE) {
            jdbc.update("UPDATE erp_handoff SET row_id = ?, deliveries = deliveries + 1, last_seen_at = ? WHERE id = ?",
                    handoff.rowId(), now, handoff.previous().id());
        } else {
            // the version failed to map before and came again (fixed, or set back to NEW): this is its outcome now
            jdbc.update("""
                    UPDATE erp_handoff SET row_id = ?, outcome = ?, reason = ?, entity = ?, entity_id = ?, event_id = ?,
                                           deliveries = deliveries + 1, last_seen_at = ?
                    WHERE id = ?""",
                    handoff.rowId(), handoff.outcome().name(), truncate(handoff.reason()), handoff.entity(),
                    handoff.entityId(), eventId, now, handoff.previous().id());
        }
        if (handoff.outcome() == Outcome.ERROR) {
            log.warn("ERP row {} (id {}) not handed off: {}", key, handoff.rowId(), handoff.reason());
        } else {
            log.debug("ERP row {} (id {}): {}", key, handoff.rowId(), handoff.outcome());
        }
        afterCommit(() -> meters.counter("omnihub.erp.rows", "table", key.table(),
                "outcome", handoff.outcome().name().toLowerCase(Locale.ROOT)).increment());
    }

    private Optional<Previous> previous(ErpRowKey key) {
        return jdbc.query("""
                SELECT id, outcome, event_id, first_seen_at FROM erp_handoff
                WHERE table_name = ? AND source_system = ? AND external_id = ? AND row_version = ?""",
                (rs, n) -> new Previous(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()),
                key.table(), key.sourceSystem(), key.externalId(), key.version()).stream().findFirst();
    }

    /**
     * Moves the record's watermark up to this version unless it is there or beyond already. The
     * conditional UPDATE locks the watermark row, so a second poller holding another version of the
     * same record waits for this transaction and then compares against what it committed.
     */
    private boolean advanceWatermark(ErpRowKey key) {
        String update = """
                UPDATE erp_watermark SET row_version = ?
                WHERE table_name = ? AND source_system = ? AND external_id = ? AND row_version < ?""";
        Object[] args = {key.version(), key.table(), key.sourceSystem(), key.externalId(), key.version()};
        if (jdbc.update(update, args) == 1) {
            return true;
        }
        if (jdbc.update("""
                INSERT INTO erp_watermark (table_name, source_system, external_id, row_version) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""", key.table(), key.sourceSystem(), key.externalId(), key.version()) == 1) {
            return true;
        }
        // another poller inserted the record meanwhile: compare once more against what it wrote
        return jdbc.update(update, args) == 1;
    }

    private Integer watermark(ErpRowKey key) {
        return jdbc.queryForObject("""
                SELECT row_version FROM erp_watermark WHERE table_name = ? AND source_system = ? AND external_id = ?""",
                Integer.class, key.table(), key.sourceSystem(), key.externalId());
    }

    /** Counts only what the poll's transaction committed; a rolled-back batch is delivered again and counted then. */
    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 1) + "…";
    }
}
