package io.omnihub.sandbox.bol;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Fixed-window counters, one per key: a window opens with the first call, counts calls up to its
 * limit and refuses the rest until it has passed. Enough to simulate bol's per-endpoint limits
 * (which reset as whole windows, hence x-ratelimit-reset) without a rate-limiting library.
 * Keys are few (rule x client), so windows are never pruned.
 */
final class FixedWindows {

    /** The answer for one call: allowed or not, calls left in the window and time until it resets. */
    record Decision(boolean allowed, int limit, int remaining, Duration untilReset) {

        /** Whole seconds until the window resets, rounded up, as x-ratelimit-reset and Retry-After say it. */
        long resetSeconds() {
            return Math.max(1, (untilReset.toMillis() + 999) / 1000);
        }
    }

    private static final class Window {
        private final Instant start;
        private int count;

        Window(Instant start) {
            this.start = start;
        }
    }

    private final Clock clock;
    private final Map<String, Window> windows = new HashMap<>();

    FixedWindows(Clock clock) {
        this.clock = clock;
    }

    synchronized Decision acquire(String key, int limit, Duration length) {
        Instant now = clock.instant();
        Window window = windows.get(key);
        if (window == null || !now.isBefore(window.start.plus(length))) {
            window = new Window(now);
            windows.put(key, window);
        }
        Duration untilReset = Duration.between(now, window.start.plus(length));
        if (window.count >= limit) {
            return new Decision(false, limit, 0, untilReset);
        }
        window.count++;
        return new Decision(true, limit, limit - window.count, untilReset);
    }
}
