package io.omnihub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.support.GeneratedKeyHolder;

import io.omnihub.support.HubIntegrationTest;

/**
 * The purge of the hub's records against the database: what is past its retention goes, with its
 * dependent rows; what is recent, and webhooks still to process however old, stay.
 */
class HistoryRetentionIT extends HubIntegrationTest {

    private static final Timestamp LONG_AGO = Timestamp.from(Instant.now().minus(Duration.ofDays(31)));
    private static final Timestamp RECENT = Timestamp.from(Instant.now().minus(Duration.ofMinutes(5)));

    @Autowired
    HistoryRetention retention;

    @Autowired
    MeterRegistry meters;

    @Test
    void processedWebhooksPastTheRetentionGoAndWebhooksStillToProcessStay() {
        String old = webhook("IGNORED", LONG_AGO, LONG_AGO);
        String recent = webhook("PUBLISHED", LONG_AGO, RECENT);
        String rejected = webhook("REJECTED", LONG_AGO, LONG_AGO);
        // acknowledged long ago and never processed (a hub that was down), or waiting for a retry
        String waiting = webhook("RECEIVED", LONG_AGO, null);
        String retry = webhook("RETRY", LONG_AGO, LONG_AGO);
        double before = purged("webhook_inbox");

        assertThat(retention.purge().get("webhook_inbox")).isGreaterThanOrEqualTo(2);

        assertThat(jdbc.queryForList("SELECT event_id FROM webhook_inbox WHERE event_id IN (?, ?, ?, ?, ?)", String.class,
                old, recent, rejected, waiting, retry)).containsExactlyInAnyOrder(recent, waiting, retry);
        assertThat(purged("webhook_inbox")).isGreaterThanOrEqualTo(before + 2);
    }

    @Test
    void outboundCallsPastTheRetentionGoWithTheChangesTheyCarried() {
        long old = call(LONG_AGO, 2);
        long recent = call(RECENT, 1);
        double before = purged("outbound_call");

        assertThat(retention.purge().get("outbound_call")).isGreaterThanOrEqualTo(1);

        assertThat(jdbc.queryForList("SELECT id FROM outbound_call WHERE id IN (?, ?)", Long.class, old, recent))
                .containsExactly(recent);
        assertThat(jdbc.queryForList("SELECT call_id FROM outbound_call_change WHERE call_id IN (?, ?)", Long.class, old, recent))
                .containsExactly(recent);
        assertThat(purged("outbound_call")).isGreaterThanOrEqualTo(before + 1);
    }

    @Test
    void theEventHistoryPastTheRetentionGoesAndTheStockPositionStays() {
        String old = event(LONG_AGO);
        String recent = event(RECENT);
        int positions = jdbc.queryForObject("SELECT COUNT(*) FROM stock_position", Integer.class);

        var purged = retention.purge();

        assertThat(purged.get("ingested_event")).isGreaterThanOrEqualTo(1);
        assertThat(purged.get("stock_event")).isGreaterThanOrEqualTo(1);
        assertThat(purged.get("stock_change")).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.queryForList("SELECT event_id FROM ingested_event WHERE event_id IN (?, ?)", String.class, old, recent))
                .containsExactly(recent);
        assertThat(jdbc.queryForList("SELECT event_id FROM stock_event WHERE event_id IN (?, ?)", String.class, old, recent))
                .containsExactly(recent);
        assertThat(jdbc.queryForList("SELECT event_id FROM stock_change WHERE event_id IN (?, ?)", String.class, old, recent))
                .containsExactly(recent);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stock_position", Integer.class))
                .as("state is not history").isEqualTo(positions);
        assertThat(purged("stock_event")).isGreaterThanOrEqualTo(1);
    }

    /** One event's history at {@code at}: stored, applied by the stock core, and the change it made. */
    private String event(Timestamp at) {
        String eventId = UUID.randomUUID().toString();
        String sku = "RETENTION-" + eventId;
        jdbc.update("""
                INSERT INTO ingested_event (event_id, entity, entity_id, event_type, source, correlation_id, event_time, stored_at, payload)
                VALUES (?, 'inventory-level', ?, 'io.omnihub.inventory-level.v1', '/omnihub/it', ?, ?, ?, '{}')""",
                eventId, sku + "@UTR-01", eventId, at, at);
        jdbc.update("""
                INSERT INTO stock_event (event_id, entity, record_id, correlation_id, outcome, applied_at)
                VALUES (?, 'inventory-level', ?, ?, 'APPLIED', ?)""", eventId, sku + "@UTR-01", eventId, at);
        jdbc.update("""
                INSERT INTO stock_change (sku, location_id, quantity, before_qty, after_qty, event_id, changed_at)
                VALUES (?, 'UTR-01', 'ON_HAND', NULL, 4, ?, ?)""", sku, eventId, at);
        return eventId;
    }

    /** An inbox row in {@code status}, under a topic no mapping takes (the sweep leaves it at most IGNORED). */
    private String webhook(String status, Timestamp receivedAt, Timestamp processedAt) {
        String eventId = "retention-" + UUID.randomUUID();
        jdbc.update("""
                INSERT INTO webhook_inbox (system, account, event_id, topic, correlation_id, received_at, headers, body, status,
                                           processed_at)
                VALUES ('shopify', 'omnihub-outdoor', ?, 'products/update', ?, ?, '{}', '{}', ?, ?)""",
                eventId, UUID.randomUUID().toString(), receivedAt, status, processedAt);
        return eventId;
    }

    private long call(Timestamp startedAt, int changes) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            var insert = connection.prepareStatement("""
                    INSERT INTO outbound_call (target, operation, attempt, http_status, outcome, changes, started_at, duration_ms)
                    VALUES ('bol/retention-it', 'offer-stock', 1, 202, 'ACCEPTED', ?, ?, 12)""", new String[] {"id"});
            insert.setInt(1, changes);
            insert.setTimestamp(2, startedAt);
            return insert;
        }, key);
        long id = key.getKey().longValue();
        for (int i = 0; i < changes; i++) {
            jdbc.update("INSERT INTO outbound_call_change (call_id, sku, location_id, quantity, correlation_id) VALUES (?, ?, '', ?, ?)",
                    id, "RETENTION-" + i, i, UUID.randomUUID().toString());
        }
        return id;
    }

    private double purged(String table) {
        var counter = meters.find("omnihub.retention.purged").tag("table", table).counter();
        return counter == null ? 0 : counter.count();
    }
}
