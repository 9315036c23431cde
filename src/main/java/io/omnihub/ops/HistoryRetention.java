package io.omnihub.ops;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the hub's records from growing for ever (routes/history-purge.camel.yaml): rows past their
 * retention are deleted a thousand per transaction, oldest first, so the writers of those tables
 * never wait long.
 * <ul>
 *   <li>{@code webhook_inbox}: rows whose processing ended (published, rejected, ignored, stale) longer
 *       than {@code omnihub.retention.webhooks} ago. Rows still to process are kept however old:
 *       nothing acknowledged is dropped.</li>
 *   <li>{@code outbound_call} with its {@code outbound_call_change} rows: calls started longer than
 *       {@code omnihub.retention.outbound-calls} ago. They are records only; what each target holds
 *       lives in {@code outbound_position}.</li>
 *   <li>The event history, older than {@code omnihub.retention.events}: {@code ingested_event} (the
 *       event store), {@code stock_event} (what the stock core did with each event id) and
 *       {@code stock_change} (the quantities it changed). The stock position itself, open
 *       reservations and oversells to resolve are state, not history, and stay.</li>
 * </ul>
 */
@Component("historyRetention")
public class HistoryRetention {

    private static final Logger log = LoggerFactory.getLogger(HistoryRetention.class);
    private static final int CHUNK = 1_000;

    /** A table's rows past the retention: a query for up to {@code :limit} of their keys (oldest first), and what deletes them. */
    private record Rule(String table, String expired, List<String> deletes) {
    }

    private static final Rule WEBHOOKS = new Rule("webhook_inbox", """
            SELECT id FROM webhook_inbox
            WHERE processed_at < :before AND status NOT IN ('RECEIVED', 'PROCESSING', 'RETRY') -- finished rows, by the age index
            ORDER BY id LIMIT :limit""", List.of("DELETE FROM webhook_inbox WHERE id IN (:ids)"));

    private static final Rule OUTBOUND_CALLS = new Rule("outbound_call", """
            SELECT id FROM outbound_call WHERE started_at < :before ORDER BY id LIMIT :limit""",
            List.of("DELETE FROM outbound_call_change WHERE call_id IN (:ids)", "DELETE FROM outbound_call WHERE id IN (:ids)"));

    private static final Rule INGESTED_EVENTS = new Rule("ingested_event",
            "SELECT id FROM ingested_event WHERE stored_at < :before ORDER BY stored_at LIMIT :limit",
            List.of("DELETE FROM ingested_event WHERE id IN (:ids)"));

    private static final Rule STOCK_EVENTS = new Rule("stock_event",
            "SELECT event_id FROM stock_event WHERE applied_at < :before ORDER BY applied_at LIMIT :limit",
            List.of("DELETE FROM stock_event WHERE event_id IN (:ids)"));

    private static final Rule STOCK_CHANGES = new Rule("stock_change",
            "SELECT id FROM stock_change WHERE changed_at < :before ORDER BY changed_at LIMIT :limit",
            List.of("DELETE FROM stock_change WHERE id IN (:ids)"));

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final RetentionProperties properties;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();

    public HistoryRetention(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactionManager,
            RetentionProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.properties = properties;
        this.meters = meters;
    }

    /** Deletes what is past its retention in every table; answers the rows deleted per table. */
    public Map<String, Integer> purge() {
        return Map.of(WEBHOOKS.table(), purge(WEBHOOKS, properties.webhooks()),
                OUTBOUND_CALLS.table(), purge(OUTBOUND_CALLS, properties.outboundCalls()),
                INGESTED_EVENTS.table(), purge(INGESTED_EVENTS, properties.events()),
                STOCK_EVENTS.table(), purge(STOCK_EVENTS, properties.events()),
                STOCK_CHANGES.table(), purge(STOCK_CHANGES, properties.events()));
    }

    private int purge(Rule rule, Duration retention) {
        Timestamp before = Timestamp.from(clock.instant().minus(retention));
        int total = 0;
        int deleted;
        do {
            deleted = transactions.execute(status -> {
                List<Object> ids = jdbc.queryForList(rule.expired(), Map.of("before", before, "limit", CHUNK), Object.class);
                if (!ids.isEmpty()) {
                    rule.deletes().forEach(delete -> jdbc.update(delete, Map.of("ids", ids)));
                }
                return ids.size();
            });
            total += deleted;
        } while (deleted == CHUNK);
        Counter.builder("omnihub.retention.purged").description("Rows deleted after their retention")
                .tag("table", rule.table()).register(meters).increment(total);
        if (total > 0) {
            log.info("Deleted {} row(s) of {} older than {}", total, rule.table(), retention);
        }
        return total;
    }
}
