package io.omnihub.inbound;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for the webhook inbox: requests arriving together are inserted in one transaction,
 * so the database writes (and on PostgreSQL flushes its log) once per group instead of once per
 * webhook. A request's thread waits for its group's commit, so nothing is acknowledged before it
 * is durable; there is no artificial wait — a group is whatever arrived while the previous commit
 * ran. A group that fails is retried row by row, so one bad row never fails its neighbours.
 */
@Component
public class InboxWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxWriter.class);
    private static final int MAX_GROUP = 256;
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);
    private static final String INSERT = """
            INSERT INTO webhook_inbox (system, account, event_id, topic, correlation_id, occurred_at, received_at, headers, body,
                status, attempts, processed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";

    /**
     * One verified webhook to store; {@code claimed} stores it as PROCESSING (attempt 1, leased from
     * its arrival) for processing that is handed the row itself, else as RECEIVED for the sweep.
     */
    public record NewRow(String system, String account, String eventId, String topic, String correlationId,
            Instant occurredAt, Instant receivedAt, String headers, String body, boolean claimed) {

        private Object[] parameters() {
            Timestamp received = Timestamp.from(receivedAt);
            return new Object[] {system, account, eventId, topic, correlationId,
                    occurredAt == null ? null : Timestamp.from(occurredAt), received, headers, body,
                    claimed ? "PROCESSING" : "RECEIVED", claimed ? 1 : 0, claimed ? received : null};
        }
    }

    private record Pending(NewRow row, CompletableFuture<Boolean> inserted) {
    }

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private volatile Thread writer;

    public InboxWriter(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Stores the row and returns once it is committed: true if inserted, false if the event id was there already. */
    public boolean insert(NewRow row) {
        if (writer == null) {
            throw new IllegalStateException("The webhook inbox is not running");
        }
        Pending pending = new Pending(row, new CompletableFuture<>());
        queue.add(pending);
        try {
            return pending.inserted().get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The webhook inbox did not commit within " + MAX_WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while storing a webhook", e);
        }
    }

    private void run() {
        List<Pending> group = new ArrayList<>();
        while (writer == Thread.currentThread() || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                write(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                group.clear();
            }
        }
    }

    private void write(List<Pending> group) {
        try {
            int[] counts = transactions.execute(status -> jdbc.batchUpdate(INSERT,
                    group.stream().map(p -> p.row().parameters()).toList()));
            for (int i = 0; i < group.size(); i++) {
                group.get(i).inserted().complete(counts[i] > 0);
            }
        } catch (RuntimeException groupFailed) {
            if (group.size() == 1) {
                group.get(0).inserted().completeExceptionally(groupFailed);
                return;
            }
            log.warn("A group of {} webhooks failed to store; storing them one by one", group.size());
            for (Pending pending : group) {
                write(List.of(pending));
            }
        }
    }

    @Override
    public void start() {
        writer = new Thread(this::run, "webhook-inbox-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Stops taking rows and commits those already queued, so every waiting request gets its answer. */
    @Override
    public void stop() {
        Thread running = writer;
        writer = null;
        if (running != null) {
            try {
                running.join(MAX_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return writer != null;
    }

    /** Starts before and stops after the web server (phase {@code Integer.MAX_VALUE - 2048}), so in-flight requests get stored. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 4096;
    }
}
