package io.omnihub.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Every stock quantity a sandbox came to hold, with the exact moment (not the platform's
 * second-precision timestamps), so a benchmark or test can tell when a new value arrived even when
 * later values have replaced it. Bounded: the oldest changes are dropped beyond {@code capacity}.
 */
public final class StockHistory {

    /** A quantity held from {@code at} on; {@code location} is the canonical location, null for one number per SKU. */
    public record Change(Instant at, String sku, String location, int quantity) {
    }

    private final Deque<Change> changes = new ArrayDeque<>();
    private final int capacity;
    private final Clock clock;

    public StockHistory(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
    }

    /** A quantity held from now on. */
    public void record(String sku, String location, int quantity) {
        record(clock.instant(), sku, location, quantity);
    }

    public synchronized void record(Instant at, String sku, String location, int quantity) {
        if (changes.size() == capacity) {
            changes.removeFirst();
        }
        changes.addLast(new Change(at, sku, location, quantity));
    }

    /** Changes, oldest first, all or those of one SKU. */
    public synchronized List<Change> changes(String sku) {
        return changes.stream().filter(c -> sku == null || sku.equals(c.sku())).toList();
    }
}
