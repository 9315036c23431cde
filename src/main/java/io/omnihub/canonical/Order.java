package io.omnihub.canonical;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The part of a canonical order (order.schema.json) that stock and routing read: who sold it, its
 * state, where it is picked up and its lines. Money, addresses and the customer stay in the JSON
 * record, which the schema validates whole; this type does not carry personal data around.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Order(String id, String orderNumber, String channel, String status, Instant placedAt, String pickupLocationId,
        List<Line> lines, SourceRef sourceRef, Instant updatedAt) implements CanonicalRecord {

    /** One order line: a quantity of a SKU, of which {@code quantityFulfilled} units are handed over already. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Line(String id, String sku, int quantity, int quantityFulfilled) {

        /** The units still to hand over: what stock must hold for this line. */
        public int open() {
            return Math.max(0, quantity - quantityFulfilled);
        }
    }
}
