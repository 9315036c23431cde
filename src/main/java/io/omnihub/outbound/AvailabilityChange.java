package io.omnihub.outbound;

import java.time.Instant;

import io.omnihub.outbound.spi.Target;

/**
 * One change to deliver: the availability one target account should show for one key.
 *
 * @param locationId    the canonical location for a target that holds stock per location (Shopify,
 *                      Square); null for one that holds one figure per SKU (bol.com)
 * @param quantity      units the channel may sell, at least 0
 * @param correlationId the id every record of this change carries (calls, dead letters)
 * @param eventTime     when the hub computed it (canonical event time); an older change never
 *                      replaces a newer one of the same key
 */
public record AvailabilityChange(Target target, String sku, String locationId, int quantity, String correlationId,
        Instant eventTime) {

    /** The location as outbound_position keys it ("" for none). */
    String locationKey() {
        return locationId == null ? "" : locationId;
    }
}
