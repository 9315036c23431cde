package io.omnihub.sandbox.square;

import io.omnihub.sandbox.BoundedMap;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.omnihub.sandbox.WebhookDispatcher;

/**
 * Square's webhook headers: {@code x-square-hmacsha256-signature} = base64(HMAC-SHA256(signature
 * key, notification URL exactly as registered + raw body)), {@code square-environment}, the time of
 * the first delivery attempt, and on retries the retry number and the reason the previous attempt failed.
 */
final class SquareWebhookSigner implements WebhookDispatcher.Signer {

    /** First-attempt times kept for retries; old events fall out, as they stop being retried long before. */
    private static final int MAX_TRACKED_EVENTS = 10_000;

    private final String notificationUrl;
    private final byte[] signatureKey;
    private final Clock clock;
    private final Map<String, Instant> firstAttempts = new BoundedMap<>(MAX_TRACKED_EVENTS);

    SquareWebhookSigner(String notificationUrl, String signatureKey, Clock clock) {
        this.notificationUrl = notificationUrl;
        this.signatureKey = signatureKey.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    @Override
    public Map<String, String> headers(WebhookDispatcher.Webhook webhook, int attempt, String lastFailure) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", "Square Connect v2");
        headers.put("x-square-hmacsha256-signature", signature(webhook.body()));
        headers.put("square-environment", "Sandbox");
        headers.put("square-initial-delivery-timestamp", SquareObjects.timestamp(firstAttempt(webhook.eventId())));
        if (attempt > 0) {
            headers.put("square-retry-number", Integer.toString(attempt));
            headers.put("square-retry-reason", lastFailure);
        }
        return headers;
    }

    String signature(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signatureKey, "HmacSHA256"));
            mac.update(notificationUrl.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private synchronized Instant firstAttempt(String eventId) {
        return firstAttempts.computeIfAbsent(eventId, id -> clock.instant());
    }
}
