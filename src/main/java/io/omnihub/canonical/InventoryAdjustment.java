package io.omnihub.canonical;

import java.time.Instant;

/** A change of one SKU's stock at one location by a delta (inventory-adjustment.schema.json). */
public record InventoryAdjustment(String id, String sku, String locationId, String bucket, int delta, String reason, String note,
        String orderId, Instant occurredAt, Long sourceSequence, SourceRef sourceRef) implements CanonicalRecord {

    /** The quantity the delta moves; on hand unless the source says otherwise. */
    public String bucketOrOnHand() {
        return bucket == null ? "onHand" : bucket;
    }
}
