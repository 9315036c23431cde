package io.omnihub.outbound.spi;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One key's change on its way to a target, as the dispatcher hands it to a client: the newest value
 * the hub wants there, and what the target holds as far as the hub knows.
 *
 * @param positionId     the key's row in outbound_position
 * @param locationId     the canonical location, or "" for a target that holds one figure per SKU
 * @param quantity       the canonical availability to deliver
 * @param eventTime      when the hub computed it
 * @param targetQuantity what the target holds as far as the hub knows (acknowledged or read back); null if unknown
 */
public record PendingChange(long positionId, String sku, String locationId, int quantity, Instant eventTime,
        String correlationId, Integer targetQuantity) {

    public boolean hasLocation() {
        return !locationId.isEmpty();
    }

    /** {@code sku} or {@code sku@location}: how logs, records and the dead-letter inbox name the key. */
    public String key() {
        return hasLocation() ? sku + "@" + locationId : sku;
    }

    /** The change as the canonical availability record the outbound mappings read. */
    public ObjectNode availability(String channel) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put("id", channel + ":" + key());
        record.put("sku", sku);
        record.put("channel", channel);
        if (hasLocation()) {
            record.put("locationId", locationId);
        }
        record.put("available", quantity);
        record.put("computedAt", eventTime.toString());
        return record;
    }
}
