package io.omnihub.sandbox.square;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.sandbox.WebhookDispatcher;
import io.omnihub.sandbox.square.SquareObjects.EventData;
import io.omnihub.sandbox.square.SquareObjects.InventoryCount;
import io.omnihub.sandbox.square.SquareObjects.Notification;
import io.omnihub.sandbox.square.SquareObjects.Order;
import io.omnihub.sandbox.square.SquareObjects.OrderCreated;

/**
 * The seller's webhook subscription: {@code inventory.count.updated} and {@code order.created}
 * notifications in Square's envelope {@code {merchant_id, type, event_id, created_at, data:{type, id, object}}},
 * handed to the dispatcher, which keeps the event id and body on every retry and duplicate.
 */
final class SquareNotifier {

    private final String merchantId;
    private final URI notificationUrl;
    private final WebhookDispatcher dispatcher;
    private final SquareIds ids;
    private final ObjectMapper json = new ObjectMapper();

    /** {@code dispatcher} null: the seller has no subscription and nothing is sent. */
    SquareNotifier(String merchantId, String notificationUrl, WebhookDispatcher dispatcher, SquareIds ids) {
        this.merchantId = merchantId;
        this.notificationUrl = dispatcher == null ? null : URI.create(notificationUrl);
        this.dispatcher = dispatcher;
        this.ids = ids;
    }

    void countsUpdated(List<InventoryCount> counts, Instant now) {
        if (!counts.isEmpty()) {
            send("inventory.count.updated", new EventData("inventory_counts", ids.uuid(),
                    Map.of("inventory_counts", counts)), now);
        }
    }

    void orderCreated(Order order, Instant now) {
        send("order.created", new EventData("order", order.id(), Map.of("order_created", new OrderCreated(order.id(),
                order.locationId(), order.state(), order.version(), order.createdAt()))), now);
    }

    private void send(String type, EventData data, Instant now) {
        if (dispatcher == null) {
            return;
        }
        String eventId = ids.uuid();
        byte[] body;
        try {
            body = json.writeValueAsBytes(new Notification(merchantId, type, eventId, SquareObjects.timestamp(now), data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Square notification not serialisable", e);
        }
        dispatcher.publish(new WebhookDispatcher.Webhook(eventId, type, notificationUrl, body));
    }
}
