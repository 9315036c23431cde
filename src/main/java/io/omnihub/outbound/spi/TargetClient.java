package io.omnihub.outbound.spi;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One platform's delivery of availability, behind which everything platform-specific stays: the
 * request shapes, how the platform says "slow down", how it confirms. The dispatcher, the rate
 * governor, retries, records, the dead-letter inbox and metrics are shared.
 */
public interface TargetClient {

    Target target();

    /** Most changes one delivery may carry (1 for a target without batch calls). */
    int maxBatch();

    /** Deliveries (batches) under way at once; asked before each claim, so it may follow what the target says. */
    int maxInFlight();

    /** Whether the target holds a figure per location (Shopify, Square) or one per SKU (bol.com offers). */
    boolean keyedByLocation();

    /**
     * Delivers a batch of changes of distinct keys. Waits only by scheduling (governor, backoff,
     * polling), never by blocking a thread. The future completes normally with an outcome for every
     * change, by position id.
     */
    CompletableFuture<Map<Long, DeliveryOutcome>> deliver(List<PendingChange> batch);
}
