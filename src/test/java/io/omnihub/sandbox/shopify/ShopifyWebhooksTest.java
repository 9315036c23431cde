package io.omnihub.sandbox.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.omnihub.canonical.CanonicalSchemas;
import io.omnihub.mapping.IdLookup;
import io.omnihub.mapping.Mappings;
import io.omnihub.sandbox.Faults;
import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.SandboxProperties;

/**
 * Orders placed through the admin API and the webhooks the shop sends the app: signed with the
 * client secret, retried after a failure, duplicated and reordered when switched on, and shaped so
 * that the hub's own Shopify mappings take them.
 */
class ShopifyWebhooksTest {

    private static final String TOKEN = "shpat_webhook_test";
    private static final String SECRET = "test-client-secret";
    private static final String PATH = "/webhooks/shopify/omnihub-outdoor";
    /** The clock ticks a microsecond per reading: timestamps stay in this second, and show what happened first. */
    private static final Instant START = Instant.parse("2026-04-01T08:00:00Z");

    /** One request as the receiving app saw it. */
    private record Received(Headers headers, byte[] body) {

        String header(String name) {
            return headers.getFirst(name);
        }

        JsonNode json() {
            try {
                return ShopifyClient.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private static final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
    private static ReferenceRetailer retailer;
    private static HttpServer receiver;
    private static ShopifySandbox sandbox;
    private static ShopifyClient shopify;

    @BeforeAll
    static void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext(PATH, exchange -> {
            received.add(new Received(exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(Optional.ofNullable(answers.poll()).orElse(200), -1);
            exchange.close();
        });
        receiver.start();
        SandboxProperties common = SandboxProperties.defaults();
        retailer = common.retailer();
        sandbox = ShopifySandbox.start(SandboxProperties.bind("omnihub.sandbox.shopify", ShopifySandboxProperties.class, Map.of(
                "port", "0", "access-token", TOKEN, "client-secret", SECRET,
                "webhook-url", "http://127.0.0.1:" + receiver.getAddress().getPort() + PATH,
                "webhook-first-retry-delay", "200ms", "webhook-backoff-multiplier", "1")),
                common, retailer, new TestClock(START, Duration.ofNanos(1000)));
        shopify = new ShopifyClient(sandbox, TOKEN);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        receiver.stop(0);
    }

    @BeforeEach
    void reset() {
        shopify.adminPost("reset", Map.of());
        shopify.adminPut("faults", Faults.Settings.NONE);
        received.clear();
        answers.clear();
    }

    @Test
    void anOrderMovesAvailableToCommittedAndSendsBothWebhooksSigned() throws Exception {
        ReferenceRetailer.Variant variant = stockedAt("DC-NL", 2);
        int before = shopify.quantities(variant.sku(), "DC-NL").get("available").asInt();

        ShopifyClient.Response placed = shopify.adminPost("orders", Map.of(
                "lines", List.of(Map.of("sku", variant.sku(), "quantity", 2)), "email", "klant@example.nl"));

        assertThat(placed.status()).isEqualTo(201);
        JsonNode after = shopify.quantities(variant.sku(), "DC-NL");
        assertThat(after.get("available").asInt()).isEqualTo(before - 2);
        assertThat(after.get("committed").asInt()).isEqualTo(2);
        assertThat(after.get("on_hand").asInt()).isEqualTo(before);

        List<Received> webhooks = awaitWebhooks(2);
        Received order = topic(webhooks, "orders/create").get(0);
        Received level = topic(webhooks, "inventory_levels/update").get(0);
        for (Received webhook : webhooks) {
            assertThat(webhook.header("X-Shopify-Hmac-Sha256")).isEqualTo(hmac(webhook.body()));
            assertThat(webhook.header("X-Shopify-Shop-Domain")).isEqualTo("omnihub-outdoor.myshopify.com");
            assertThat(webhook.header("X-Shopify-API-Version")).isEqualTo("2026-04");
            assertThat(webhook.header("X-Shopify-Webhook-Id")).isNotBlank();
            assertThat(webhook.header("X-Shopify-Event-Id")).isNotBlank();
            assertThat(Instant.parse(webhook.header("X-Shopify-Triggered-At"))).isBetween(START, START.plusSeconds(1));
        }
        assertThat(order.json()).isEqualTo(placed.body());
        assertThat(order.json().get("name").asText()).isEqualTo("#1001");
        assertThat(order.json().at("/line_items/0/sku").asText()).isEqualTo(variant.sku());
        assertThat(order.json().at("/line_items/0/quantity").asInt()).isEqualTo(2);
        assertThat(level.json()).isEqualTo(ShopifyClient.JSON.readTree("""
                {"inventory_item_id": %d, "location_id": 71234560004, "available": %d,
                 "updated_at": "2026-04-01T10:00:00+02:00",
                 "admin_graphql_api_id": "gid://shopify/InventoryLevel/71234560004?inventory_item_id=%d"}"""
                .formatted(variant.shopifyInventoryItemId(), before - 2, variant.shopifyInventoryItemId())));
    }

    @Test
    void webhookBodiesAreWhatTheHubsShopifyMappingsRead() throws Exception {
        ReferenceRetailer.Variant variant = stockedAt("UTR-01", 1);
        shopify.adminPost("orders", Map.of("lines", List.of(Map.of("sku", variant.sku(), "quantity", 1)),
                "pickupLocation", "UTR-01", "email", "klant@example.nl"));
        shopify.adminPost("orders", Map.of("lines", List.of(Map.of("sku", "BOOK-WADDEN", "quantity", 2)), "allowOversell", true));
        List<Received> webhooks = awaitWebhooks(4);
        List<JsonNode> orders = topic(webhooks, "orders/create").stream().map(Received::json)
                .sorted(Comparator.comparing(o -> o.get("name").asText())).toList();
        JsonNode utrecht = topic(webhooks, "inventory_levels/update").stream().map(Received::json)
                .filter(l -> l.get("location_id").asLong() == 71234560001L).findFirst().orElseThrow();
        Mappings mappings = new Mappings(Path.of("mappings"), registry(), new CanonicalSchemas(List.of("product", "price",
                "location", "inventory-level", "inventory-adjustment", "customer", "order", "fulfilment", "return", "loyalty-entry")));

        JsonNode pickup = mappings.toCanonical("shopify/order.in", orders.get(0), "pickup").get(0);
        assertThat(pickup.get("deliveryMethod").asText()).isEqualTo("pickup");
        assertThat(pickup.get("pickupLocationId").asText()).isEqualTo("UTR-01");
        assertThat(pickup.at("/lines/0/sku").asText()).isEqualTo(variant.sku());
        assertThat(pickup.at("/totals/grandTotal/amount").asText()).isEqualTo(variant.price().toPlainString());

        JsonNode level = mappings.toCanonical("shopify/inventory-level.in", utrecht, "level").get(0);
        assertThat(level.get("id").asText()).isEqualTo(variant.sku() + "@UTR-01");
        assertThat(level.get("available").asInt()).isEqualTo(variant.onHand().get("UTR-01") - 1);

        JsonNode guest = mappings.toCanonical("shopify/order.in", orders.get(1), "guest").get(0);
        assertThat(guest.get("deliveryMethod").asText()).isEqualTo("shipping");
        assertThat(guest.has("customerId")).isFalse();
        assertThat(guest.at("/lines/0/taxRate").asText()).isEqualTo("9");
        assertThat(guest.at("/totals/subtotal/amount").asText()).isEqualTo("49.00");
        assertThat(guest.at("/totals/grandTotal/amount").asText()).isEqualTo("53.95");
    }

    @Test
    void aFulfillmentTakesUnitsOffCommittedAndSendsTheOrderUpdated() throws Exception {
        ReferenceRetailer.Variant variant = stockedAt("DC-NL", 3);
        int before = shopify.quantities(variant.sku(), "DC-NL").get("available").asInt();
        String id = shopify.adminPost("orders", Map.of("lines", List.of(Map.of("sku", variant.sku(), "quantity", 3))))
                .body().get("id").asText();

        ShopifyClient.Response part = shopify.adminPost("orders/" + id + "/fulfil",
                Map.of("lines", List.of(Map.of("sku", variant.sku(), "quantity", 1))));
        assertThat(part.status()).isEqualTo(200);
        JsonNode after = shopify.quantities(variant.sku(), "DC-NL");
        assertThat(after.get("available").asInt()).isEqualTo(before - 3);
        assertThat(after.get("committed").asInt()).isEqualTo(2);
        assertThat(after.get("on_hand").asInt()).isEqualTo(before - 1);
        JsonNode updated = topic(awaitWebhooks(3), "orders/updated").get(0).json();
        assertThat(updated).isEqualTo(part.body());
        assertThat(updated.get("fulfillment_status").asText()).isEqualTo("partial");
        assertThat(updated.at("/line_items/0/fulfillable_quantity").asInt()).isEqualTo(2);
        assertThat(updated.at("/fulfillments/0/status").asText()).isEqualTo("success");
        assertThat(updated.at("/fulfillments/0/line_items/0/quantity").asInt()).isEqualTo(1);

        // more than is left, a SKU the order does not have, an unknown order: refused, nothing changes
        assertThat(shopify.adminPost("orders/" + id + "/fulfil", Map.of("lines", List.of(Map.of("sku", variant.sku(), "quantity", 3))))
                .body().get("error").asText()).contains("2 units left to fulfil");
        assertThat(shopify.adminPost("orders/" + id + "/fulfil", Map.of("lines", List.of(Map.of("sku", "BOOK-WADDEN", "quantity", 1))))
                .status()).isEqualTo(400);
        assertThat(shopify.adminPost("orders/1/fulfil", Map.of()).status()).isEqualTo(404);

        JsonNode done = shopify.adminPost("orders/" + id + "/fulfil", Map.of()).body();
        assertThat(done.get("fulfillment_status").asText()).isEqualTo("fulfilled");
        assertThat(done.at("/line_items/0/fulfillable_quantity").asInt()).isZero();
        assertThat(shopify.quantities(variant.sku(), "DC-NL").get("committed").asInt()).isZero();
        assertThat(shopify.adminPost("orders/" + id + "/fulfil", Map.of()).body().get("error").asText())
                .contains("Nothing left to fulfil");
    }

    @Test
    void aWebhookTheReceiverFailsIsRetriedWithTheSameEventAndBody() {
        answers.add(500);

        int available = setAvailable("retry", 2);

        List<Received> attempts = awaitWebhooks(2);
        assertThat(attempts.get(1).header("X-Shopify-Event-Id")).isEqualTo(attempts.get(0).header("X-Shopify-Event-Id"));
        assertThat(attempts.get(1).header("X-Shopify-Webhook-Id")).isNotEqualTo(attempts.get(0).header("X-Shopify-Webhook-Id"));
        assertThat(attempts.get(1).body()).isEqualTo(attempts.get(0).body());
        assertThat(attempts.get(1).json().get("available").asInt()).isEqualTo(available);
        String eventId = attempts.get(0).header("X-Shopify-Event-Id");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(deliveries(eventId::equals))
                .extracting(d -> d.get("attempt").asInt() + ":" + d.get("status").asInt())
                .containsExactly("0:500", "1:200"));
    }

    @Test
    void duplicatesAndOutOfOrderDeliveryWhenSwitchedOn() {
        shopify.adminPut("faults", new Faults.Settings(0, 0, 0, 0, 1, 0));
        setAvailable("duplicate", 1);
        List<Received> duplicates = awaitWebhooks(2);
        assertThat(duplicates.get(1).header("X-Shopify-Event-Id")).isEqualTo(duplicates.get(0).header("X-Shopify-Event-Id"));
        assertThat(duplicates.get(1).header("X-Shopify-Webhook-Id")).isNotEqualTo(duplicates.get(0).header("X-Shopify-Webhook-Id"));
        assertThat(duplicates.get(1).body()).isEqualTo(duplicates.get(0).body());

        received.clear();
        shopify.adminPut("faults", new Faults.Settings(0, 0, 0, 0, 0, 2));
        int older = setAvailable("older", 1);
        int newer = setAvailable("newer", 1);
        Map<String, Integer> availableByEvent = new HashMap<>();
        awaitWebhooks(2).forEach(w -> availableByEvent.put(w.header("X-Shopify-Event-Id"), w.json().get("available").asInt()));
        // the sandbox's own record of when each was sent, on a clock that ticks with every reading
        List<Integer> sendingOrder = deliveries(availableByEvent::containsKey).stream()
                .sorted(Comparator.comparing(d -> Instant.parse(d.get("at").asText())))
                .map(d -> availableByEvent.get(d.get("eventId").asText())).toList();
        assertThat(sendingOrder).containsExactly(newer, older);
    }

    /** Raises available of TR2-LW-GRN in Utrecht by {@code delta} through GraphQL; the new quantity. */
    private static int setAvailable(String key, int delta) {
        int quantity = shopify.quantities("TR2-LW-GRN", "UTR-01").get("available").asInt() + delta;
        JsonNode answer = shopify.graphql("""
                mutation Set($input: InventorySetQuantitiesInput!, $key: String!) {
                  inventorySetQuantities(input: $input) @idempotent(key: $key) { userErrors { code message } }
                }""", Map.of("key", key, "input", Map.of("name", "available", "reason", "correction", "quantities", List.of(
                Map.of("inventoryItemId", "gid://shopify/InventoryItem/44120341102646", "locationId",
                        "gid://shopify/Location/71234560001", "quantity", quantity, "changeFromQuantity", quantity - delta)))));
        assertThat(answer.at("/data/inventorySetQuantities/userErrors")).isEmpty();
        return quantity;
    }

    /** The sandbox's record of delivery attempts (GET /_sandbox/webhooks) of the events this test looks at. */
    private static List<JsonNode> deliveries(Predicate<String> eventIds) {
        List<JsonNode> deliveries = new ArrayList<>();
        shopify.adminGet("webhooks").forEach(d -> {
            if (eventIds.test(d.get("eventId").asText())) {
                deliveries.add(d);
            }
        });
        return deliveries;
    }

    private static List<Received> topic(List<Received> webhooks, String topic) {
        return webhooks.stream().filter(w -> topic.equals(w.header("X-Shopify-Topic"))).toList();
    }

    private static List<Received> awaitWebhooks(int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() >= count);
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    private static ReferenceRetailer.Variant stockedAt(String location, int units) {
        return retailer.variants().stream().filter(v -> v.onHand().get(location) >= units).findFirst().orElseThrow();
    }

    /** The app's check: base64 HMAC-SHA256 of the raw body with the client secret. */
    private static String hmac(byte[] body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    /** The ID registry as the hub would have it after linking the catalogue: SKUs and locations known, orders new. */
    private static IdLookup registry() {
        return new IdLookup() {
            @Override
            public String canonicalId(String system, String entity, String externalId) {
                return system + ":" + entity + ":" + externalId;
            }

            @Override
            public Optional<String> knownCanonicalId(String system, String entity, String externalId) {
                return switch (entity) {
                    case "inventory-item" -> retailer.variants().stream()
                            .filter(v -> String.valueOf(v.shopifyInventoryItemId()).equals(externalId))
                            .map(ReferenceRetailer.Variant::sku).findFirst();
                    case "location" -> retailer.locations().stream()
                            .filter(l -> String.valueOf(l.shopifyId()).equals(externalId))
                            .map(ReferenceRetailer.Location::id).findFirst();
                    default -> Optional.empty();
                };
            }

            @Override
            public Optional<String> externalId(String system, String entity, String canonicalId) {
                return Optional.empty();
            }
        };
    }
}
