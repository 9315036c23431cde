package io.omnihub.inbound;

import java.sql.Timestamp;
import java.time.Clock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the webhook inbox from growing for ever: rows whose processing ended (published, rejected,
 * ignored or stale) longer than {@code omnihub.webhooks.retention} ago are deleted, a thousand per
 * transaction so the inbox's writers never wait long. Rows still to process are kept however old:
 * nothing acknowledged is dropped. The retention is also the window in which a redelivery is known
 * as a duplicate; platforms redeliver for hours at most (Shopify 4 h, bol.com 10 min).
 */
@Component("webhookInboxRetention")
public class WebhookInboxRetention {

    private static final Logger log = LoggerFactory.getLogger(WebhookInboxRetention.class);
    private static final int CHUNK = 1_000;

    private final JdbcTemplate jdbc;
    private final WebhookProperties properties;
    private final Counter purged;
    private final Clock clock = Clock.systemUTC();

    public WebhookInboxRetention(JdbcTemplate jdbc, WebhookProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.purged = Counter.builder("omnihub.webhooks.purged")
                .description("Processed webhooks deleted from the inbox after the retention").register(meters);
    }

    /** Deletes what is past the retention; answers how many rows went. */
    public int purge() {
        Timestamp before = Timestamp.from(clock.instant().minus(properties.retention()));
        int total = 0;
        int deleted;
        do {
            // each statement commits on its own (no surrounding transaction)
            deleted = jdbc.update("""
                    DELETE FROM webhook_inbox WHERE id IN (
                        SELECT id FROM webhook_inbox
                        WHERE status IN ('PUBLISHED', 'REJECTED', 'IGNORED', 'STALE') AND processed_at < ?
                        ORDER BY id LIMIT %d)""".formatted(CHUNK), before);
            total += deleted;
        } while (deleted == CHUNK);
        purged.increment(total);
        if (total > 0) {
            log.info("Deleted {} processed webhook(s) older than {} from the inbox", total, properties.retention());
        }
        return total;
    }
}
