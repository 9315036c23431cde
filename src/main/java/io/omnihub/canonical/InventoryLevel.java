package io.omnihub.canonical;

import java.time.Instant;

/**
 * A stock figure of one SKU at one location (inventory-level.schema.json): {@code onHand} when the
 * source counts stock, {@code available} when it reports what a channel may sell; never one derived
 * from the other, so either may be null.
 */
public record InventoryLevel(String id, String sku, String locationId, Integer onHand, Integer available, Integer reserved,
        Integer safetyStock, Long lastSourceSequence, SourceRef sourceRef, Instant updatedAt) implements CanonicalRecord {
}
