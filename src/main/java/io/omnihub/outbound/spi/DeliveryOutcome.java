package io.omnihub.outbound.spi;

import com.fasterxml.jackson.databind.JsonNode;

/** What became of one change handed to a client. */
public sealed interface DeliveryOutcome {

    /**
     * The target acknowledged the change (or already held it, and nothing was sent).
     *
     * @param targetQuantity what the target holds now, in its own terms (bol.com caps at 999; a stale
     *                       Shopify level is recomputed)
     */
    record Delivered(int targetQuantity) implements DeliveryOutcome {
    }

    /**
     * The change cannot be delivered: it goes to the dead-letter inbox.
     *
     * @param request        the last request sent for it, if any
     * @param targetQuantity what the target was seen to hold, if it was read; null otherwise
     */
    record Failed(String error, int attempts, JsonNode request, Integer targetQuantity) implements DeliveryOutcome {
    }
}
