package io.omnihub.inbound;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.omnihub.correlation.CorrelationIds;
import io.omnihub.event.CloudEvents;
import io.omnihub.event.EventIds;
import io.omnihub.mapping.MappingException;
import io.omnihub.mapping.Mappings;

/**
 * Turns stored webhooks into canonical events, a batch of inbox rows at a time: take the rows the
 * door handed over already claimed, claim those only named by a key (hints, the sweep), map each
 * with its topic's mapping file, validate, drop records older than what the hub already has,
 * publish every record of the batch in one send, and write each row's outcome (PUBLISHED,
 * REJECTED with the reason, IGNORED, STALE, or RETRY after a transient failure) in one transaction.
 * A row that cannot be mapped gets its own outcome and never holds up the others.
 * Event ids are derived from the platform's event id, so a record published twice after a crash
 * carries the same CloudEvent id and consumers apply it once.
 */
@Component("webhookProcessing")
public class WebhookProcessing {

    private static final Logger log = LoggerFactory.getLogger(WebhookProcessing.class);

    /** A row claimed longer ago than this is taken to be lost with a crashed worker. */
    private static final Duration LEASE = Duration.ofMinutes(1);

    /** Exchange property holding the {@link Batch} being processed. */
    private static final String BATCH = "webhookBatch";

    private static final String CLAIM = """
            UPDATE webhook_inbox SET status = 'PROCESSING', attempts = attempts + 1, processed_at = ?
            WHERE system = ? AND account = ? AND event_id = ?
              AND (status IN ('RECEIVED', 'RETRY') OR (status = 'PROCESSING' AND processed_at < ?))""";

    /** One stored webhook being processed, identified by its correlation id (unique, minted at the door). */
    public record Row(String system, String account, String eventId, String topic, String correlationId,
            Instant occurredAt, String body, int attempts) {

        String source() {
            return "/omnihub/webhooks/" + system + "/" + account;
        }
    }

    /** One canonical record mapped from a row, before the stale check. */
    private record Mapped(Row row, int index, String entity, JsonNode record) {

        String key() {
            return record.get("id").asText();
        }

        /** Derived from the platform's event id, and beginning with the door's time (the row's correlation id). */
        String eventId() {
            return EventIds.named(row.correlationId(), row.source() + "/" + row.eventId() + "#" + index);
        }
    }

    /** What became of one row; {@code events} lists what it published. */
    private record Outcome(String status, String text, String events) {
    }

    /** The rows of one batch and, as they are known, their outcomes; a row without one has events in flight. */
    static final class Batch {
        private final List<Row> rows;
        private final Map<String, Outcome> outcomes = new LinkedHashMap<>();
        private final Map<String, List<Mapped>> published = new LinkedHashMap<>();

        private Batch(List<Row> rows) {
            this.rows = rows;
        }
    }

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate transactions;
    private final Mappings mappings;
    private final ObjectMapper json;
    private final WebhookProperties properties;
    private final InboundWatermarks watermarks;
    private final InboxHandOff handOff;
    private final Clock clock = Clock.systemUTC();

    public WebhookProcessing(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, Mappings mappings,
            ObjectMapper json, WebhookProperties properties, InboundWatermarks watermarks, InboxHandOff handOff) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.transactions = new TransactionTemplate(transactionManager);
        this.mappings = mappings;
        this.json = json;
        this.properties = properties;
        this.watermarks = watermarks;
        this.handOff = handOff;
    }

    /**
     * Takes the rows in the body (as the aggregator groups them: {@link Row}s the door claimed, and
     * {@link WebhookInbox.Key}s to claim here), maps them, and returns the canonical records to
     * publish, each an exchange set up for the events sink. Rows without records to publish have
     * their outcome already.
     */
    public List<Exchange> process(Exchange exchange) {
        List<?> handed = exchange.getMessage().getBody(List.class);
        List<Row> rows = new ArrayList<>(handed.stream().filter(Row.class::isInstance).map(Row.class::cast).toList());
        rows.addAll(claim(new ArrayList<>(new LinkedHashSet<>(
                handed.stream().filter(WebhookInbox.Key.class::isInstance).map(WebhookInbox.Key.class::cast).toList()))));
        rows.sort(Comparator.comparing(Row::correlationId)); // ids begin with the time of arrival: oldest first
        Batch batch = new Batch(rows);
        exchange.setProperty(BATCH, batch);
        List<Mapped> mapped = new ArrayList<>();
        for (Row row : batch.rows) {
            mapped.addAll(map(row, batch));
        }
        List<Mapped> current = transactions.execute(status -> current(mapped));
        List<Exchange> records = new ArrayList<>();
        for (Mapped record : current) {
            batch.published.computeIfAbsent(record.row().correlationId(), id -> new ArrayList<>()).add(record);
            records.add(event(exchange, record));
        }
        for (Mapped record : mapped) {
            if (!batch.published.containsKey(record.row().correlationId())) {
                batch.outcomes.putIfAbsent(record.row().correlationId(), new Outcome("STALE",
                        "Older than what the hub already has for " + record.entity() + " " + record.key(), null));
            }
        }
        return records;
    }

    /** Writes every row's outcome once the batch's records are acknowledged (or there were none). */
    public void finish(Exchange exchange) {
        Batch batch = exchange.getProperty(BATCH, Batch.class);
        batch.published.forEach((id, records) -> batch.outcomes.put(id, new Outcome("PUBLISHED",
                records.size() + " event(s) published",
                records.stream().map(r -> r.entity() + ":" + r.key() + "=" + r.eventId()).collect(Collectors.joining(",")))));
        write(batch);
        log.info("Processed {} webhook(s): {} event(s) published", batch.rows.size(),
                batch.published.values().stream().mapToInt(List::size).sum());
    }

    /**
     * After a failure that may pass (Kafka unavailable …): the rows still in flight become RETRY, or
     * REJECTED once their attempts are used up; rows with an outcome keep it.
     */
    public void failed(Exchange exchange) {
        Batch batch = exchange.getProperty(BATCH, Batch.class);
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = error == null ? "unknown failure" : error.getClass().getSimpleName() + ": " + error.getMessage();
        if (batch == null) {
            log.warn("Webhook processing failed before rows were claimed (the sweep takes them up again): {}", reason);
            return;
        }
        for (Row row : batch.rows) {
            if (!batch.outcomes.containsKey(row.correlationId())) {
                boolean giveUp = row.attempts() >= properties.maxAttempts();
                batch.outcomes.put(row.correlationId(), new Outcome(giveUp ? "REJECTED" : "RETRY",
                        (giveUp ? "Gave up after " + row.attempts() + " attempts: " : "Attempt " + row.attempts() + " failed: ")
                                + reason, null));
                log.warn("Processing {} webhook {} failed (attempt {}): {}", row.system(), row.eventId(), row.attempts(), reason);
            }
        }
        batch.published.clear();
        write(batch);
    }

    /** Rows waiting longer than one sweep: left by a crash, a full hand-off queue, or a failed attempt. */
    public List<WebhookInbox.Key> due() {
        Instant now = clock.instant();
        Timestamp before = Timestamp.from(now.minus(properties.sweepEvery()));
        return jdbc.query("""
                SELECT system, account, event_id FROM webhook_inbox
                WHERE status IN ('RECEIVED', 'RETRY', 'PROCESSING') -- lets H2 use the status index for the ORs below
                  AND ((status = 'RECEIVED' AND received_at < ?)
                    OR (status = 'RETRY' AND processed_at < ?)
                    OR (status = 'PROCESSING' AND processed_at < ?))
                ORDER BY id LIMIT 500""",
                (rs, n) -> new WebhookInbox.Key(rs.getString(1), rs.getString(2), rs.getString(3)),
                before, before, Timestamp.from(now.minus(LEASE)));
    }

    /**
     * Claims what it can of the keys in one transaction (a key another worker holds, or already
     * done, is skipped) and reads the claimed rows.
     */
    private List<Row> claim(List<WebhookInbox.Key> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        return transactions.execute(status -> {
            int[] counts = jdbc.batchUpdate(CLAIM, keys.stream().map(key -> new Object[] {Timestamp.from(now),
                    key.system(), key.account(), key.eventId(), Timestamp.from(now.minus(LEASE))}).toList());
            List<Object[]> claimed = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                if (counts[i] > 0) {
                    claimed.add(new Object[] {keys.get(i).system(), keys.get(i).account(), keys.get(i).eventId()});
                }
            }
            if (claimed.isEmpty()) {
                return List.<Row>of();
            }
            // the whole key as one row value, so H2 looks each up in the unique index; with the event ids
            // alone in the IN list it reads every row of the account
            return named.query("""
                    SELECT system, account, event_id, topic, correlation_id, occurred_at, body, attempts
                    FROM webhook_inbox WHERE (system, account, event_id) IN (:keys)""", Map.of("keys", claimed),
                    (rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(),
                            rs.getString(7), rs.getInt(8)));
        });
    }

    /**
     * Maps one row with its topic's mapping. A record that cannot be mapped or is invalid rejects
     * the whole webhook with the mapping's message; an unmapped topic is ignored.
     */
    private List<Mapped> map(Row row, Batch batch) {
        String mapping = properties.topics().getOrDefault(row.system(), Map.of()).get(row.topic());
        if (mapping == null) {
            batch.outcomes.put(row.correlationId(), new Outcome("IGNORED", "No mapping for " + row.system() + " topic '" + row.topic()
                    + "' (omnihub.webhooks.topics." + row.system() + ")", null));
            return List.of();
        }
        List<JsonNode> records;
        try {
            records = mappings.toCanonical(mapping, json.readTree(row.body()), row.system() + " event " + row.eventId());
        } catch (MappingException | java.io.IOException e) {
            batch.outcomes.put(row.correlationId(), new Outcome("REJECTED", e.getMessage(), null));
            log.warn("Rejected {} webhook {}: {}", row.system(), row.eventId(), e.getMessage());
            return List.of();
        }
        if (records.isEmpty()) {
            batch.outcomes.put(row.correlationId(), new Outcome("IGNORED", "The mapping " + mapping + " produced no records", null));
        }
        String entity = mappings.canonicalEntity(mapping);
        List<Mapped> mapped = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            mapped.add(new Mapped(row, i, entity, records.get(i)));
        }
        return mapped;
    }

    /**
     * The records not older than what the hub has for their key, in the rows' order. Watermarks are
     * advanced in the order of their keys, so two batches in parallel never wait on each other in a
     * circle; within a key, in the order the rows arrived. Without a platform time a record passes.
     */
    private List<Mapped> current(List<Mapped> mapped) {
        List<Mapped> byKey = new ArrayList<>(mapped);
        byKey.sort(Comparator.comparing(Mapped::entity).thenComparing(Mapped::key).thenComparing(m -> m.row().source())
                .thenComparing(m -> m.row().correlationId()));
        Set<Mapped> current = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Mapped record : byKey) {
            Instant at = record.row().occurredAt();
            if (at == null || watermarks.advance(record.entity(), record.key(), record.row().source(), at)) {
                current.add(record);
            }
        }
        return mapped.stream().filter(current::contains).toList();
    }

    /** One record as an exchange the events sink publishes, with the row's correlation id. */
    private Exchange event(Exchange batch, Mapped record) {
        Exchange exchange = new DefaultExchange(batch.getContext());
        CorrelationIds.use(exchange, record.row().correlationId());
        var message = exchange.getMessage();
        message.setHeader(CloudEvents.ENTITY, record.entity());
        message.setHeader(CloudEvents.KEY, record.key());
        message.setHeader(CloudEvents.SOURCE, record.row().source());
        message.setHeader(CloudEvents.EVENT_ID, record.eventId());
        try {
            message.setBody(json.writeValueAsBytes(record.record()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("A mapped record could not be written as JSON", e);
        }
        return exchange;
    }

    private void write(Batch batch) {
        Timestamp now = Timestamp.from(clock.instant());
        List<Object[]> updates = batch.outcomes.entrySet().stream().map(e -> new Object[] {e.getValue().status(),
                truncate(e.getValue().text()), truncate(e.getValue().events()), now, e.getKey()}).toList();
        transactions.executeWithoutResult(status -> jdbc.batchUpdate(
                "UPDATE webhook_inbox SET status = ?, outcome = ?, events = ?, processed_at = ? WHERE correlation_id = ?", updates));
        handOff.settled(batch.outcomes.keySet());
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 4000 ? text : text.substring(0, 3997) + "...";
    }
}
