package io.omnihub.inbound;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.stereotype.Component;

import io.omnihub.api.RejectedInputException;

/**
 * Square: base64 HMAC-SHA256 of the notification URL exactly as registered followed by the raw body,
 * with the subscription's signature key; dedupe on the body's event_id.
 */
@Component
class SquareWebhookScheme implements WebhookScheme {

    static final String SIGNATURE = "x-square-hmacsha256-signature";

    @Override
    public String system() {
        return "square";
    }

    @Override
    public void verify(RequestHeaders headers, byte[] body, WebhookProperties.Account account) {
        if (account.notificationUrl() == null || account.notificationUrl().isBlank()) {
            throw new RejectedInputException(401, "No notification URL is configured for square/" + account.account()
                    + " (omnihub.webhooks.accounts[].notification-url); Square signs it, so " + SIGNATURE + " cannot be checked");
        }
        HmacSignature.verify(SIGNATURE, headers.get(SIGNATURE), account.secret(),
                account.notificationUrl().getBytes(StandardCharsets.UTF_8), body);
    }

    @Override
    public String eventId(RequestHeaders headers, JsonNode body) {
        return Headers.requiredField(body, "event_id");
    }

    @Override
    public String topic(RequestHeaders headers, JsonNode body) {
        return Headers.requiredField(body, "type");
    }

    @Override
    public Instant occurredAt(RequestHeaders headers, JsonNode body) {
        JsonNode createdAt = body.get("created_at");
        if (createdAt == null || !createdAt.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(createdAt.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw RejectedInputException.badRequest("Field 'created_at' is not an ISO-8601 date-time: " + createdAt.asText());
        }
    }

    @Override
    public List<String> keptHeaders() {
        return List.of("square-environment", "square-initial-delivery-timestamp", "square-retry-number", "square-retry-reason");
    }
}
