package io.omnihub.outbound.spi;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.micrometer.core.instrument.Timer;

/**
 * The pace of one target account (or one of its rate classes): a token bucket (bucket4j) that the
 * target's own answers keep in step. Callers {@link #acquire} the cost of a call and get a future
 * that completes when the call may go; waiting is scheduled on the given scheduler, so no thread
 * sleeps and a target that is throttled holds no thread another target needs.
 *
 * <ul>
 * <li>{@link #observeLimit}: the target's published limit (Shopify's bucket size and restore rate,
 *     bol's x-ratelimit-limit per window) replaces the configured one when they differ;</li>
 * <li>{@link #observeAvailable}: the target says how much is left (Shopify's currentlyAvailable);
 *     the local bucket never holds more than that, so other apps' use of a shared limit is seen;</li>
 * <li>{@link #pause}: a throttling answer (429, THROTTLED) stops every call until the pause is over.</li>
 * </ul>
 */
public final class RateGovernor {

    private final String name;
    private final ScheduledExecutorService scheduler;
    private final Timer waits;
    private final Bucket bucket;
    private final AtomicLong pausedUntilNanos = new AtomicLong(System.nanoTime());
    private long capacity;
    private double refillPerSecond;

    /**
     * @param capacity        most tokens held at once: the burst allowed (1 for pure pacing)
     * @param refillPerSecond tokens restored per second
     * @param waits           records how long each acquire waited
     */
    public RateGovernor(String name, long capacity, double refillPerSecond, ScheduledExecutorService scheduler, Timer waits) {
        this.name = name;
        this.scheduler = scheduler;
        this.waits = waits;
        this.capacity = capacity;
        this.refillPerSecond = refillPerSecond;
        this.bucket = Bucket.builder().withNanosecondPrecision().addLimit(bandwidth(capacity, refillPerSecond)).build();
    }

    /** Completes, on the scheduler, when a call of this cost may go. Callers continue on their own executor. */
    public CompletableFuture<Void> acquire(long cost) {
        long start = System.nanoTime();
        return take(Math.min(cost, capacity()))
                .whenComplete((ignored, error) -> waits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }

    /**
     * Tokens after any pause; if a pause began while this call waited for its tokens, it queues for
     * new ones once the pause is over, so the calls held by a pause leave it at the pace, not at once.
     */
    private CompletableFuture<Void> take(long tokens) {
        return afterPause()
                .thenCompose(ignored -> bucket.asScheduler().consume(tokens, scheduler))
                .thenCompose(ignored -> pausedFor().isZero() ? CompletableFuture.completedFuture(null) : take(tokens));
    }

    /** Nothing goes until {@code duration} from now (a longer pause already set stays). */
    public void pause(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        pausedUntilNanos.accumulateAndGet(until, Math::max);
    }

    /** Time left of the current pause; zero when calls may go. */
    public Duration pausedFor() {
        return Duration.ofNanos(Math.max(0, pausedUntilNanos.get() - System.nanoTime()));
    }

    /** The target says this many tokens are left: the bucket is lowered to it (never raised; it refills itself). */
    public void observeAvailable(long available) {
        long local = bucket.getAvailableTokens();
        if (available < local) {
            bucket.consumeIgnoringRateLimits(local - available);
        }
    }

    /** The target's own limit; the bucket takes it on when it differs from what it has, keeping its tokens. */
    public synchronized void observeLimit(long newCapacity, double newRefillPerSecond) {
        if (newCapacity < 1 || newRefillPerSecond <= 0) {
            return;
        }
        if (newCapacity != capacity || Math.abs(newRefillPerSecond - refillPerSecond) > 0.001) {
            bucket.replaceConfiguration(BucketConfiguration.builder().addLimit(bandwidth(newCapacity, newRefillPerSecond))
                    .build(), TokensInheritanceStrategy.AS_IS);
            capacity = newCapacity;
            refillPerSecond = newRefillPerSecond;
        }
    }

    public synchronized long capacity() {
        return capacity;
    }

    public synchronized double refillPerSecond() {
        return refillPerSecond;
    }

    private CompletableFuture<Void> afterPause() {
        long wait = pausedUntilNanos.get() - System.nanoTime();
        if (wait <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS, scheduler))
                .thenCompose(ignored -> afterPause());
    }

    /** One token every 1/rate seconds, refilled smoothly (a fractional rate such as 23.75/s is kept exactly). */
    private static Bandwidth bandwidth(long capacity, double refillPerSecond) {
        return Bandwidth.builder().capacity(capacity)
                .refillGreedy(1, Duration.ofNanos(Math.max(1, Math.round(1e9 / refillPerSecond))))
                .initialTokens(capacity)
                .build();
    }

    @Override
    public String toString() {
        return name + "[" + capacity() + " tokens, " + refillPerSecond() + "/s]";
    }
}
