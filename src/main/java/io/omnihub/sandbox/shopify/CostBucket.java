package io.omnihub.sandbox.shopify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The leaky bucket of one app on one shop: it holds up to {@code size} points and refills at
 * {@code restoreRate} points a second. A query takes its requested cost before it runs, or is
 * throttled when the bucket holds less; afterwards the part it did not use is given back.
 */
final class CostBucket {

    /** What every response reports under extensions.cost.throttleStatus. */
    record ThrottleStatus(double maximumAvailable, int currentlyAvailable, double restoreRate) {
    }

    private final int size;
    private final double restoreRate;
    private final Clock clock;
    private double available;
    private Instant updated;

    CostBucket(int size, double restoreRate, Clock clock) {
        this.size = size;
        this.restoreRate = restoreRate;
        this.clock = clock;
        reset();
    }

    synchronized void reset() {
        available = size;
        updated = clock.instant();
    }

    /** Takes the points if the bucket holds them; false (and nothing taken) if not. */
    synchronized boolean take(int points) {
        refill();
        if (available < points) {
            return false;
        }
        available -= points;
        return true;
    }

    /** Gives back points a query requested but did not use. */
    synchronized void refund(int points) {
        refill();
        available = Math.min(size, available + points);
    }

    synchronized ThrottleStatus status() {
        refill();
        return new ThrottleStatus(size, (int) Math.floor(available), restoreRate);
    }

    private void refill() {
        Instant now = clock.instant();
        if (now.isAfter(updated)) {
            double seconds = Duration.between(updated, now).toNanos() / 1e9;
            available = Math.min(size, available + seconds * restoreRate);
            updated = now;
        }
    }
}
