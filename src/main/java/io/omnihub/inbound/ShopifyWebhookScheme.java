package io.omnihub.inbound;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.stereotype.Component;

import io.omnihub.api.RejectedInputException;

/** Shopify: base64 HMAC-SHA256 of the raw body with the app's client secret; dedupe on X-Shopify-Event-Id. */
@Component
class ShopifyWebhookScheme implements WebhookScheme {

    static final String SIGNATURE = "X-Shopify-Hmac-Sha256";
    static final String EVENT_ID = "X-Shopify-Event-Id";
    static final String TOPIC = "X-Shopify-Topic";
    static final String TRIGGERED_AT = "X-Shopify-Triggered-At";

    @Override
    public String system() {
        return "shopify";
    }

    @Override
    public void verify(RequestHeaders headers, byte[] body, WebhookProperties.Account account) {
        HmacSignature.verify(SIGNATURE, headers.get(SIGNATURE), account.secret(), new byte[0], body);
    }

    @Override
    public String eventId(RequestHeaders headers, JsonNode body) {
        return Headers.required(headers, EVENT_ID);
    }

    @Override
    public String topic(RequestHeaders headers, JsonNode body) {
        return Headers.required(headers, TOPIC);
    }

    @Override
    public Instant occurredAt(RequestHeaders headers, JsonNode body) {
        String triggeredAt = headers.get(TRIGGERED_AT);
        if (triggeredAt == null) {
            return null;
        }
        try {
            return Instant.parse(triggeredAt);
        } catch (DateTimeParseException e) {
            throw RejectedInputException.badRequest("Header " + TRIGGERED_AT + " is not an ISO-8601 instant: " + triggeredAt);
        }
    }

    @Override
    public List<String> keptHeaders() {
        return List.of(TOPIC, EVENT_ID, TRIGGERED_AT, "X-Shopify-Webhook-Id", "X-Shopify-Shop-Domain", "X-Shopify-API-Version");
    }
}
