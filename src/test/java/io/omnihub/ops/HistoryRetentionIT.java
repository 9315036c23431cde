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
