package io.omnihub.sandbox.shopify;

import io.omnihub.sandbox.BoundedMap;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.sandbox.Faults;
import io.omnihub.sandbox.WebhookDispatcher;
import io.omnihub.sandbox.shopify.ShopifyInventory.InventoryLevel;

/**
 * The shop's webhooks to the app: orders/create and inventory_levels/update, with the REST JSON of
 * the resource as body and Shopify's headers: topic, HMAC-SHA256 of the raw body with the app's
 * client secret (base64), shop domain, API version, a new webhook id per attempt, and the event id
 * and trigger time that stay the same across retries and duplicates. Delivery, retries and the
 * drop/duplicate/reorder switches are the {@link WebhookDispatcher}'s.
 */
final class ShopifyWebhooks implements ShopifyState.Events, AutoCloseable {

    /** Trigger times kept for retries; an event older than this many events has long been delivered or given up. */
    private static final int EVENTS_KEPT = 10_000;

    private final WebhookDispatcher dispatcher;
    private final RestPayloads payloads;
    private final ObjectMapper json;
    private final URI url;
    private final ShopifySandboxProperties settings;
    private final Clock clock;
    private final Map<String, Instant> triggeredAt = new BoundedMap<>(EVENTS_KEPT);

    ShopifyWebhooks(ShopifySandboxProperties settings, Faults faults, RestPayloads payloads, ObjectMapper json, Clock clock) {
        this.settings = settings;
        this.payloads = payloads;
        this.json = json;
        this.clock = clock;
        this.url = URI.create(settings.webhookUrl());
        this.dispatcher = new WebhookDispatcher("shopify", faults, this::headers,
                new WebhookDispatcher.RetryPolicy(settings.webhookRetries(), settings.webhookFirstRetryDelay(),
                        settings.webhookBackoffMultiplier(), settings.webhookMaxRetryDelay(), settings.webhookTimeout()),
                clock);
    }

    WebhookDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public void orderCreated(ShopifyOrder order) {
        publish("orders/create", payloads.order(order));
    }

    @Override
    public void orderCancelled(ShopifyOrder order) {
        publish("orders/cancelled", payloads.order(order));
    }

    @Override
    public void orderUpdated(ShopifyOrder order) {
        publish("orders/updated", payloads.order(order));
    }

    @Override
    public void availableChanged(InventoryLevel level) {
        publish("inventory_levels/update", payloads.inventoryLevel(level));
    }

    private void publish(String topic, JsonNode body) {
        String eventId = UUID.randomUUID().toString();
        synchronized (triggeredAt) {
            triggeredAt.put(eventId, clock.instant());
        }
        try {
            dispatcher.publish(new WebhookDispatcher.Webhook(eventId, topic, url, json.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the " + topic + " webhook body", e);
        }
    }

    private Map<String, String> headers(WebhookDispatcher.Webhook webhook, int attempt, String lastFailure) {
        Instant triggered;
        synchronized (triggeredAt) {
            triggered = triggeredAt.getOrDefault(webhook.eventId(), clock.instant());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Shopify-Topic", webhook.topic());
        headers.put("X-Shopify-Hmac-Sha256", hmac(settings.clientSecret(), webhook.body()));
        headers.put("X-Shopify-Shop-Domain", settings.shopDomain());
        headers.put("X-Shopify-API-Version", settings.apiVersion());
        headers.put("X-Shopify-Webhook-Id", UUID.randomUUID().toString());
        headers.put("X-Shopify-Triggered-At", triggered.toString());
        headers.put("X-Shopify-Event-Id", webhook.eventId());
        return headers;
    }

    /** base64(HMAC-SHA256(secret, body)), as the receiving app recomputes it. */
    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public void close() {
        dispatcher.close();
    }
}
