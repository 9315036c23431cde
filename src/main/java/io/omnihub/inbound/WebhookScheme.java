package io.omnihub.inbound;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one platform's webhooks look like: how they are signed, where the platform's event id,
 * topic and timestamp are. One implementation per platform; the inbox itself knows none of them.
 */
public interface WebhookScheme {

    /** A request's headers by name, case-insensitive as HTTP's; null when absent. */
    @FunctionalInterface
    interface RequestHeaders {
        String get(String name);
    }

    /** The path segment after /webhooks/, e.g. {@code shopify}. */
    String system();

    /**
     * Checks the signature over the raw body in constant time. Throws a 401
     * {@link io.omnihub.api.RejectedInputException} naming the header when it is missing or wrong.
     */
    void verify(RequestHeaders headers, byte[] body, WebhookProperties.Account account);

    /** The platform's id for this event, stable across its retries: the deduplication key. */
    String eventId(RequestHeaders headers, JsonNode body);

    String topic(RequestHeaders headers, JsonNode body);

    /** When the platform says the change happened; null when it does not say. */
    Instant occurredAt(RequestHeaders headers, JsonNode body);

    /** The request headers worth keeping with the stored body (never secrets). */
    java.util.List<String> keptHeaders();
}
