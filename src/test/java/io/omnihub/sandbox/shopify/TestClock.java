package io.omnihub.sandbox.shopify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it, so cost buckets and timestamps are exact; or one
 * that ticks a little with every reading, so readings tell which came first.
 */
final class TestClock extends Clock {

    private final AtomicReference<Instant> now;
    private final Duration tick;

    TestClock(Instant start) {
        this(start, Duration.ZERO);
    }

    TestClock(Instant start, Duration tick) {
        this.now = new AtomicReference<>(start);
        this.tick = tick;
    }

    void advance(Duration duration) {
        now.updateAndGet(at -> at.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.getAndUpdate(at -> at.plus(tick));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
