package io.omnihub.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.omnihub.outbound.DeliveryPositions.Submitted;
import io.omnihub.outbound.spi.Target;
import io.omnihub.sandbox.ReferenceRetailer.Variant;
import io.omnihub.support.SandboxAdmin;

/**
 * Availability to the Shopify sandbox over real HTTP, checked against what the sandbox holds and the
 * calls it received. Each test uses its own SKUs and location, so they share the sandbox. The
 * 10,000-change burst is {@link OutboundBurstIT}'s, together with bol.com's.
 */
class OutboundShopifyIT extends OutboundIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GRAPHQL = "/admin/api/";

    Target target;
    SandboxAdmin admin;

    @BeforeEach
    void shopifyWithoutFaults() {
        target = delivery.target("shopify");
        admin = new SandboxAdmin(shopify.baseUrl());
        admin.faults(0, 0, 0);
    }

    @Test
    void aThrottleStormAndServerErrorsMidRunEndWithEveryChangeDeliveredOnce() {
        List<Variant> skus = retailer.variants().subList(0, 300);
        admin.clearCalls();
        Instant start = Instant.now();
        for (int i = 0; i < skus.size(); i++) {
            delivery.submit(change(target, skus.get(i).sku(), "AMS-01", value(i, 0), start));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !mutations().isEmpty());
        // mid-run: the next 6 calls are throttled, then 3 answer 503
        admin.faults(6, 3, 0);
        for (int round = 1; round < 4; round++) {
            for (int i = 0; i < skus.size(); i++) {
                delivery.submit(change(target, skus.get(i).sku(), "AMS-01", value(i, round), start.plusMillis(round)));
            }
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (int i = 0; i < skus.size(); i++) {
                assertThat(available(skus.get(i).sku(), "AMS-01")).as(skus.get(i).sku()).isEqualTo(value(i, 3));
            }
            assertSettled(target);
        });
        assertThat(admin.faults().path("throttles").asInt()).as("the storm is over").isZero();
        assertThat(admin.faults().path("serverErrors").asInt()).isZero();
        assertNoDuplicates(mutations());
        assertThat(outcomes(target, start)).containsKeys("THROTTLED", "ERROR", "ACKNOWLEDGED");
        assertThat(openDeadLetters(target, "it-")).isZero();
    }

    @Test
    void aStaleChangeFromQuantityIsResolvedByReadingTheLevelAgain() {
        String sku = retailer.variants().get(1001).sku();
        String other = retailer.variants().get(1002).sku();
        deliverAndWait(sku, "UTR-01", 10);
        deliverAndWait(other, "UTR-01", 10);

        // the hub computes 12 before it hears of an order on Shopify that takes one unit
        Instant computed = Instant.now();
        placeShopifyOrder(sku, "UTR-01");
        assertThat(available(sku, "UTR-01")).isEqualTo(9);
        admin.clearCalls();
        delivery.submit(change(target, sku, "UTR-01", 12, computed));
        // the order is applied to the hub's figure: 12 - 1, not 12 over the order
        await().atMost(Duration.ofSeconds(30)).until(() -> available(sku, "UTR-01") == 11);
        List<String> operations = admin.calls(GRAPHQL).stream().map(c -> c.path("body").asText())
                .map(body -> body.contains("inventorySetQuantities") ? "set" : "read").toList();
        assertThat(operations).containsExactly("set", "read", "set");
        assertThat(jdbc.queryForList("""
                SELECT c.outcome FROM outbound_call c JOIN outbound_call_change x ON x.call_id = c.id
                 WHERE x.sku = ? AND x.location_id = 'UTR-01' ORDER BY c.id""", String.class, sku))
                .endsWith("STALE", "READ", "ACKNOWLEDGED");

        // the other figure is computed after the order, so it counts it already and stands
        placeShopifyOrder(other, "UTR-01");
        delivery.submit(change(target, other, "UTR-01", 12, Instant.now().plusSeconds(2)));
        await().atMost(Duration.ofSeconds(30)).until(() -> available(other, "UTR-01") == 12);
    }

    @Test
    void changesTheShopHasAlreadyMakeNoCalls() {
        Variant variant = retailer.variants().get(1000);
        int seeded = variant.onHand().get("RTM-01");
        admin.clearCalls();
        // the hub's first figure equals what Shopify holds: one read to learn it, nothing written
        delivery.submit(change(target, variant.sku(), "RTM-01", seeded, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> positionAcked(variant.sku(), "RTM-01") != null);
        assertThat(admin.calls(GRAPHQL)).hasSize(1).allMatch(call -> !call.path("body").asText().contains("mutation"));

        admin.clearCalls();
        assertThat(delivery.submit(change(target, variant.sku(), "RTM-01", seeded, Instant.now()))).isEqualTo(Submitted.UNCHANGED);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> admin.calls(GRAPHQL).isEmpty());
    }

    @Test
    void availabilityFromTheCanonicalTopicReachesTheShopAndWhatDoesNotFitIsParked() throws Exception {
        String sku = retailer.variants().get(999).sku();
        String noLocation = """
                {"id": "%s:%s", "sku": "%s", "channel": "%s", "available": 5,
                 "computedAt": "2026-11-23T10:00:00Z"}""".formatted(target.channel(), sku, sku, target.channel());
        String otherChannel = """
                {"id": "marketplace-amazon:%s", "sku": "%s", "channel": "marketplace-amazon", "available": 3,
                 "computedAt": "2026-11-23T10:00:00Z"}""".formatted(sku, sku);
        // computed now: newer than anything the stock core may have computed for this key before
        String good = """
                {"id": "%s:%s@UTR-01", "sku": "%s", "channel": "%s", "locationId": "UTR-01",
                 "available": 17, "computedAt": "%s"}""".formatted(target.channel(), sku, sku, target.channel(), Instant.now());
        for (String[] record : new String[][] {{noLocation, "route-no-location"}, {otherChannel, "route-other"}, {good, "route-good"}}) {
            assertThat(post("/api/ingest/availability", "application/json", record[0], "X-Correlation-Id", record[1])
                    .statusCode()).isEqualTo(202);
        }
        // the record around the unusable one still goes through, with its correlation id on the call
        await().atMost(Duration.ofSeconds(60)).until(() -> available(sku, "UTR-01") == 17);
        await().atMost(Duration.ofSeconds(10)).until(() -> !jdbc.queryForList("""
                SELECT c.outcome FROM outbound_call c JOIN outbound_call_change x ON x.call_id = c.id
                 WHERE x.correlation_id = 'route-good' AND c.outcome = 'ACKNOWLEDGED'""", String.class).isEmpty());
        assertThat(jdbc.queryForList("SELECT reason FROM rejected_event WHERE consumer_group = 'omnihub-outbound-shopify' "
                + "AND correlation_id = 'route-no-location'", String.class))
                .singleElement().asString().contains("shopify holds stock per location").contains("needs a locationId");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbound_position WHERE target = ? AND sku = ? AND location_id = ''",
                Long.class, target.id(), sku)).isZero();
    }

    private void deliverAndWait(String sku, String location, int quantity) {
        delivery.submit(change(target, sku, location, quantity, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> available(sku, location) == quantity
                && positionAcked(sku, location) != null && positionAcked(sku, location) == quantity);
    }

    private void placeShopifyOrder(String sku, String pickupStore) {
        admin.post("/_sandbox/orders", """
                {"lines": [{"sku": "%s", "quantity": 1}], "pickupLocation": "%s"}""".formatted(sku, pickupStore));
    }

    private Integer positionAcked(String sku, String location) {
        List<Integer> acked = jdbc.queryForList("SELECT acked_quantity FROM outbound_position WHERE target = ? AND sku = ? "
                + "AND location_id = ?", Integer.class, target.id(), sku, location);
        return acked.isEmpty() ? null : acked.get(0);
    }

    /** The inventorySetQuantities calls the sandbox received, as their variables. */
    private List<JsonNode> mutations() {
        List<JsonNode> variables = new ArrayList<>();
        for (JsonNode call : admin.calls(GRAPHQL)) {
            try {
                JsonNode body = JSON.readTree(call.path("body").asText());
                if (body.path("query").asText().contains("inventorySetQuantities")) {
                    variables.add(body.path("variables"));
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return variables;
    }

    /**
     * Every (level, value) went out under one idempotency key only: repeats of a call (after a
     * throttle or a 503) carry the same key, which Shopify applies once.
     */
    private static void assertNoDuplicates(List<JsonNode> mutations) {
        Map<String, Set<String>> keysByChange = new HashMap<>();
        for (JsonNode variables : mutations) {
            String key = variables.path("idempotencyKey").asText();
            for (JsonNode quantity : variables.path("input").path("quantities")) {
                keysByChange.computeIfAbsent(quantity.path("inventoryItemId").asText() + "@" + quantity.path("locationId").asText()
                        + "=" + quantity.path("quantity").asInt(), k -> new HashSet<>()).add(key);
            }
        }
        assertThat(keysByChange).isNotEmpty();
        assertThat(keysByChange.entrySet()).allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).hasSize(1));
    }
}
