package io.omnihub.inbound;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Message;
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
    public void verify(Message request, byte[] body, WebhookProperties.Account account) {
        HmacSignature.verify(SIGNATURE, request.getHeader(SIGNATURE, String.class), account.secret(), new byte[0], body);
    }

    @Override
    public String eventId(Message request, JsonNode body) {
        return Headers.required(request, EVENT_ID);
    }

    @Override
    public String topic(Message request, JsonNode body) {
        return Headers.required(request, TOPIC);
    }

    @Override
    public Instant occurredAt(Message request, JsonNode body) {
        String triggeredAt = request.getHeader(TRIGGERED_AT, String.class);
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
