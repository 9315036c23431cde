package io.omnihub.outbound;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import io.omnihub.outbound.spi.Attempts;
import io.omnihub.outbound.spi.DeliveryFailure;
import io.omnihub.outbound.spi.DeliveryOutcome;
import io.omnihub.outbound.spi.PendingChange;
import io.omnihub.outbound.spi.Target;
import io.omnihub.outbound.spi.TargetClient;

/**
 * Drives one target account: once per coalescing window it claims the keys that are due (whatever
 * changed since the last window, latest value only), cuts them into the target's batches, hands
 * them to the client, and stores each change's outcome: acknowledged, or into the dead-letter inbox.
 * At most {@code maxInFlight} batches are under way; a key is in one delivery at a time.
 */
final class TargetDispatcher {

    private static final Logger log = LoggerFactory.getLogger(TargetDispatcher.class);

    private final TargetClient client;
    private final Target target;
    private final DeliveryPositions positions;
    private final DeadLetters deadLetters;
    private final OutboundMetrics metrics;
    private final TransactionTemplate transaction;
    private final ScheduledExecutorService scheduler;
    private final Executor work;
    private final Duration window;
    private final String owner;
    private final Duration lease;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicBoolean ticking = new AtomicBoolean();
    private volatile ScheduledFuture<?> ticks;

    TargetDispatcher(TargetClient client, DeliveryPositions positions, DeadLetters deadLetters,
            OutboundMetrics metrics, TransactionTemplate transaction, ScheduledExecutorService scheduler, Executor work,
            OutboundProperties settings) {
        this.client = client;
        this.target = client.target();
        this.positions = positions;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.transaction = transaction;
        this.scheduler = scheduler;
        this.work = work;
        this.window = settings.coalesceWindow();
        this.owner = settings.instanceId();
        this.lease = settings.lease();
    }

    TargetClient client() {
        return client;
    }

    void start() {
        long period = Math.max(10, window.toMillis());
        ticks = scheduler.scheduleWithFixedDelay(() -> work.execute(this::tick), period, period, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (ticks != null) {
            ticks.cancel(false);
        }
    }

    void tick() {
        if (!ticking.compareAndSet(false, true)) {
            return;
        }
        try {
            int free = client.maxInFlight() - batches.get();
            if (free <= 0) {
                return;
            }
            List<PendingChange> due = new ArrayList<>();
            for (PendingChange change : positions.claim(target, owner, free * client.maxBatch(), lease)) {
                // a key whose lease ran out while this hub still works on it stays with that delivery
                if (inFlight.add(change.positionId())) {
                    due.add(change);
                }
            }
            for (int from = 0; from < due.size(); from += client.maxBatch()) {
                send(due.subList(from, Math.min(due.size(), from + client.maxBatch())));
            }
        } catch (RuntimeException e) {
            log.warn("Outbound {}: collecting due changes failed; next window tries again", target, e);
        } finally {
            ticking.set(false);
        }
    }

    private void send(List<PendingChange> batch) {
        batches.incrementAndGet();
        Instant started = Instant.now();
        CompletableFuture<Map<Long, DeliveryOutcome>> delivery;
        try {
            delivery = client.deliver(batch);
        } catch (RuntimeException e) {
            delivery = CompletableFuture.failedFuture(e);
        }
        delivery.whenCompleteAsync((outcomes, error) -> {
            try {
                settle(batch, outcomes, error, started);
            } catch (RuntimeException e) {
                // the keys keep their lease until it runs out, then go again
                log.error("Outbound {}: storing the outcome of {} changes failed", target, batch.size(), e);
            } finally {
                batch.forEach(change -> inFlight.remove(change.positionId()));
                batches.decrementAndGet();
            }
        }, work);
    }

    private void settle(List<PendingChange> batch, Map<Long, DeliveryOutcome> outcomes, Throwable error, Instant started) {
        Map<PendingChange, DeliveryOutcome.Delivered> delivered = new LinkedHashMap<>();
        Map<PendingChange, DeliveryOutcome.Failed> failed = new LinkedHashMap<>();
        for (PendingChange change : batch) {
            DeliveryOutcome outcome = error != null ? failure(error)
                    : outcomes.getOrDefault(change.positionId(), new DeliveryOutcome.Failed("the client gave no outcome", 0, null, null));
            if (outcome instanceof DeliveryOutcome.Delivered ok) {
                delivered.put(change, ok);
            } else if (outcome instanceof DeliveryOutcome.Failed no) {
                failed.put(change, no);
            }
        }
        transaction.executeWithoutResult(status -> {
            positions.delivered(delivered);
            deadLetters.add(target, failed, started);
            positions.failed(failed);
        });
        delivered.keySet().forEach(change -> metrics.delivered(target, change.eventTime()));
        if (!failed.isEmpty()) {
            log.warn("Outbound {}: {} changes to the dead-letter inbox, e.g. {}: {}", target, failed.size(),
                    failed.keySet().iterator().next().key(), failed.values().iterator().next().error());
        }
    }

    private static DeliveryOutcome.Failed failure(Throwable error) {
        return new DeliveryOutcome.Failed(Attempts.describe(error), DeliveryFailure.attemptsOf(error), null, null);
    }
}
