package io.omnihub.inbound;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for the webhook inbox: requests arriving together are inserted in one transaction,
 * so the database writes (and on PostgreSQL flushes its log) once per group instead of once per
 * webhook. The request threads take turns as the group's leader: whoever holds the lock commits
 * every row queued so far, its own and those that arrived meanwhile, and the others find theirs
 * done when their turn comes. No thread of its own, so no hand-off to wait for, and no artificial
 * wait: a group is whatever arrived while the previous commit ran. Nothing is acknowledged before
 * it is durable. A group that fails is retried row by row, so one bad row never fails its neighbours.
 */
@Component
public class InboxWriter {

    private static final Logger log = LoggerFactory.getLogger(InboxWriter.class);
    private static final int MAX_GROUP = 256;
    private static final String INSERT = """
            INSERT INTO webhook_inbox (system, account, event_id, topic, correlation_id, occurred_at, received_at, headers, body, status)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'RECEIVED')
            ON CONFLICT DO NOTHING""";

    /** One verified webhook to store. */
    public record NewRow(String system, String account, String eventId, String topic, String correlationId,
            Instant occurredAt, Instant receivedAt, String headers, String body) {

        private Object[] parameters() {
            return new Object[] {system, account, eventId, topic, correlationId,
                    occurredAt == null ? null : Timestamp.from(occurredAt), Timestamp.from(receivedAt), headers, body};
        }
    }

    /** A queued row and, once its group committed, whether it was inserted or the failure. */
    private static final class Pending {
        private final NewRow row;
        private volatile Boolean inserted;
        private volatile RuntimeException failure;

        private Pending(NewRow row) {
            this.row = row;
        }

        private boolean done() {
            return inserted != null || failure != null;
        }
    }

    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock leader = new ReentrantLock();
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public InboxWriter(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Stores the row and returns once it is committed: true if inserted, false if the event id was there already. */
    public boolean insert(NewRow row) {
        Pending pending = new Pending(row);
        queue.add(pending);
        leader.lock();
        try {
            while (!pending.done()) {
                List<Pending> group = new ArrayList<>();
                for (Pending next; group.size() < MAX_GROUP && (next = queue.poll()) != null; ) {
                    group.add(next);
                }
                write(group);
            }
        } finally {
            leader.unlock();
        }
        if (pending.failure != null) {
            throw pending.failure;
        }
        return pending.inserted;
    }

    private void write(List<Pending> group) {
        try {
            int[] counts = transactions.execute(status -> jdbc.batchUpdate(INSERT,
                    group.stream().map(p -> p.row.parameters()).toList()));
            for (int i = 0; i < group.size(); i++) {
                group.get(i).inserted = counts[i] > 0;
            }
        } catch (RuntimeException groupFailed) {
            if (group.size() == 1) {
                group.get(0).failure = groupFailed;
                return;
            }
            log.warn("A group of {} webhooks failed to store; storing them one by one", group.size());
            for (Pending pending : group) {
                write(List.of(pending));
            }
        }
    }
}
