package io.omnihub.sandbox.square;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.ReferenceRetailer.Variant;
import io.omnihub.sandbox.SandboxProperties;

/**
 * The Square sandbox alone on a free port, driven over HTTP as the hub's connector would, with its
 * webhooks received on a local HTTP server. Each test works on its own items, so they share one sandbox.
 */
class SquareSandboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UTRECHT = "L8RWN7ZDWRXKX";

    private static WebhookReceiver receiver;
    private static SquareSandboxProperties settings;
    private static ReferenceRetailer retailer;
    private static SquareSandbox sandbox;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
        settings = SandboxProperties.bind("omnihub.sandbox.square", SquareSandboxProperties.class, Map.of(
                "port", "0",
                "notification-url", receiver.url(),
                "webhook-first-retry-delay", "100ms",
                "webhook-max-retry-delay", "200ms",
                "webhook-retry-window", "2s",
                "webhook-timeout", "2s"));
        SandboxProperties common = SandboxProperties.defaults();
        retailer = common.retailer();
        sandbox = SquareSandbox.start(settings, common, retailer, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        receiver.close();
    }

    @AfterEach
    void clearFaults() throws Exception {
        send(HttpRequest.newBuilder(uri("/_sandbox/faults")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of()))));
        receiver.reset();
    }

    // --- requests every call must get right ---

    @Test
    void refusesAMissingOrWrongAccessToken() throws Exception {
        HttpResponse<String> missing = send(HttpRequest.newBuilder(uri("/v2/locations")).GET());
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(uri("/v2/locations"))
                .header("Authorization", "Bearer not-the-token").GET());

        for (HttpResponse<String> response : List.of(missing, wrong)) {
            assertThat(response.statusCode()).isEqualTo(401);
            JsonNode error = json(response).path("errors").get(0);
            assertThat(error.path("category").asText()).isEqualTo("AUTHENTICATION_ERROR");
            assertThat(error.path("code").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(error.path("detail").asText()).isNotBlank();
        }
    }

    @Test
    void usesTheDefaultVersionEchoesTheVersionAndRefusesAMalformedOne() throws Exception {
        HttpResponse<String> absent = send(authorized("/v2/locations").GET());
        HttpResponse<String> given = send(authorized("/v2/locations").header("Square-Version", "2025-01-23").GET());
        HttpResponse<String> malformed = send(authorized("/v2/locations").header("Square-Version", "2025-13-45").GET());

        assertThat(absent.headers().firstValue("Square-Version")).contains(settings.squareVersion());
        assertThat(given.headers().firstValue("Square-Version")).contains("2025-01-23");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(error(malformed).path("category").asText()).isEqualTo("INVALID_REQUEST_ERROR");
        assertThat(error(malformed).path("code").asText()).isEqualTo("INVALID_SQUARE_VERSION_FORMAT");
    }

    @Test
    void refusesANonJsonContentTypeAndMalformedJson() throws Exception {
        HttpResponse<String> text = send(authorized("/v2/inventory/counts/batch-retrieve")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")));
        HttpResponse<String> broken = post("/v2/inventory/changes/batch-create", "{\"idempotency_key\": \"k\", \"changes\": [}");
        HttpResponse<String> array = post("/v2/inventory/counts/batch-retrieve", "[]");

        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(error(text).path("code").asText()).isEqualTo("INVALID_CONTENT_TYPE");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(error(broken).path("category").asText()).isEqualTo("INVALID_REQUEST_ERROR");
        assertThat(error(broken).path("detail").asText()).contains("Invalid JSON").contains("line 1, column");
        assertThat(array.statusCode()).isEqualTo(400);
        assertThat(error(array).path("code").asText()).isEqualTo("EXPECTED_JSON_BODY");
    }

    @Test
    void listsTheThreeStoresOfTheRetailer() throws Exception {
        JsonNode locations = json(send(authorized("/v2/locations").GET())).path("locations");

        assertThat(locations).hasSize(3);
        assertThat(locations.findValuesAsText("id")).containsExactly(
                retailer.stores().stream().map(ReferenceRetailer.Location::squareId).toArray(String[]::new));
        JsonNode utrecht = locations.get(0);
        assertThat(utrecht.path("name").asText()).isEqualTo("Utrecht Oudegracht");
        assertThat(utrecht.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(utrecht.path("address").path("locality").asText()).isEqualTo("Utrecht");
        assertThat(utrecht.path("currency").asText()).isEqualTo("EUR");
        assertThat(utrecht.path("country").asText()).isEqualTo("NL");
        assertThat(utrecht.path("merchant_id").asText()).isEqualTo(settings.merchantId());
    }

    // --- inventory writes ---

    @Test
    void refusesABatchWithoutIdempotencyKey() throws Exception {
        Variant item = variant(10);
        HttpResponse<String> response = post("/v2/inventory/changes/batch-create",
                JSON.writeValueAsString(Map.of("changes", List.of(count(item, "99", Instant.now())))));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response).path("code").asText()).isEqualTo("MISSING_REQUIRED_PARAMETER");
        assertThat(error(response).path("field").asText()).isEqualTo("idempotency_key");
        assertThat(onHand(item)).isEqualByComparingTo(seeded(item));
    }

    @Test
    void refusesMoreThanAHundredChangesAndAppliesNoneOfThem() throws Exception {
        Variant item = variant(11);
        var changes = IntStream.range(0, 101).mapToObj(i -> adjustment(item, "NONE", "IN_STOCK", "1", Instant.now())).toList();

        HttpResponse<String> response = post("/v2/inventory/changes/batch-create", batch(UUID.randomUUID().toString(), changes));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response).path("code").asText()).isEqualTo("ARRAY_LENGTH_TOO_LONG");
        assertThat(error(response).path("field").asText()).isEqualTo("changes");
        assertThat(onHand(item)).isEqualByComparingTo(seeded(item));
    }

    @Test
    void namesTheFieldOfAnUnknownCatalogObjectOrLocation() throws Exception {
        Variant item = variant(12);
        Map<String, Object> unknownLocation = adjustment(item.squareVariationId(), "LNOTASTORE000", "NONE", "IN_STOCK", "1");
        Map<String, Object> unknownItem = count("NOTANITEM", UTRECHT, "5", Instant.now());

        HttpResponse<String> location = post("/v2/inventory/changes/batch-create",
                batch("k-" + UUID.randomUUID(), List.of(count(item, "5", Instant.now()), unknownLocation)));
        HttpResponse<String> catalogObject = post("/v2/inventory/changes/batch-create",
                batch("k-" + UUID.randomUUID(), List.of(unknownItem)));

        assertThat(location.statusCode()).isEqualTo(400);
        assertThat(error(location).path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(error(location).path("field").asText()).isEqualTo("changes[1].adjustment.location_id");
        assertThat(error(catalogObject).path("field").asText()).isEqualTo("changes[0].physical_count.catalog_object_id");
        assertThat(onHand(item)).isEqualByComparingTo(seeded(item));
    }

    @Test
    void namesTheFieldOfAnInvalidValue() throws Exception {
        Variant item = variant(17);
        HttpResponse<String> tooPrecise = post("/v2/inventory/changes/batch-create", batch(UUID.randomUUID().toString(),
                List.of(adjustment(item, "NONE", "IN_STOCK", "1.000001", Instant.now()))));
        HttpResponse<String> future = post("/v2/inventory/changes/batch-create", batch(UUID.randomUUID().toString(),
                List.of(adjustment(item, "NONE", "IN_STOCK", "1", Instant.now().plusSeconds(3600)))));
        HttpResponse<String> transfer = post("/v2/inventory/changes/batch-create",
                "{\"idempotency_key\": \"transfer\", \"changes\": [{\"type\": \"TRANSFER\"}]}");
        HttpResponse<String> unknownOrder = send(authorized("/v2/orders/NOSUCHORDER").GET());

        assertThat(error(tooPrecise).path("code").asText()).isEqualTo("INVALID_VALUE");
        assertThat(error(tooPrecise).path("field").asText()).isEqualTo("changes[0].adjustment.quantity");
        assertThat(error(future).path("field").asText()).isEqualTo("changes[0].adjustment.occurred_at");
        assertThat(error(transfer).path("code").asText()).isEqualTo("INVALID_ENUM_VALUE");
        assertThat(error(transfer).path("field").asText()).isEqualTo("changes[0].type");
        assertThat(unknownOrder.statusCode()).isEqualTo(404);
        assertThat(error(unknownOrder).path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(onHand(item)).isEqualByComparingTo(seeded(item));
    }

    @Test
    void physicalCountsAndAdjustmentsMoveTheCounts() throws Exception {
        Variant item = variant(13);
        Instant now = Instant.now();

        JsonNode response = json(post("/v2/inventory/changes/batch-create", batch(UUID.randomUUID().toString(), List.of(
                count(item, "20", now.minusSeconds(60)),
                adjustment(item, "NONE", "IN_STOCK", "3", now.minusSeconds(50)),
                adjustment(item, "IN_STOCK", "WASTE", "2", now.minusSeconds(40)),
                adjustment(item, "IN_STOCK", "SOLD", "1.5", now.minusSeconds(30))))));

        assertThat(onHand(item)).isEqualByComparingTo("19.5");
        assertThat(response.path("counts").findValuesAsText("state")).containsExactlyInAnyOrder("IN_STOCK", "WASTE");
        JsonNode inStock = stateCount(response.path("counts"), "IN_STOCK");
        assertThat(inStock.path("quantity").asText()).isEqualTo("19.5");
        assertThat(inStock.path("catalog_object_id").asText()).isEqualTo(item.squareVariationId());
        assertThat(inStock.path("catalog_object_type").asText()).isEqualTo("ITEM_VARIATION");
        assertThat(inStock.path("location_id").asText()).isEqualTo(UTRECHT);
        assertThat(stateCount(response.path("counts"), "WASTE").path("quantity").asText()).isEqualTo("2");
        assertThat(response.path("changes")).hasSize(4);
        assertThat(response.path("changes").get(1).path("adjustment").path("id").asText()).matches("[A-Z0-9]{24}");
    }

    @Test
    void aRetryWithTheSameKeyAndBodyAnswersTheSameAndIsAppliedOnce() throws Exception {
        Variant item = variant(14);
        String body = batch("retry-" + UUID.randomUUID(), List.of(adjustment(item, "IN_STOCK", "SOLD", "2", Instant.now())));

        HttpResponse<String> first = post("/v2/inventory/changes/batch-create", body);
        HttpResponse<String> retry = post("/v2/inventory/changes/batch-create", body);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(json(retry)).isEqualTo(json(first));
        assertThat(onHand(item)).isEqualByComparingTo(seeded(item).subtract(BigDecimal.valueOf(2)));
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() throws Exception {
        Variant item = variant(15);
        String key = "reuse-" + UUID.randomUUID();
        post("/v2/inventory/changes/batch-create", batch(key, List.of(adjustment(item, "NONE", "IN_STOCK", "1", Instant.now()))));

        HttpResponse<String> reused = post("/v2/inventory/changes/batch-create",
                batch(key, List.of(adjustment(item, "NONE", "IN_STOCK", "5", Instant.now()))));

        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(error(reused).path("code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(onHand(item)).isEqualByComparingTo(seeded(item).add(BigDecimal.ONE));
    }

    @Test
    void aPhysicalCountOlderThanTheLatestOneChangesNothing() throws Exception {
        Variant item = variant(16);
        Instant now = Instant.now();
        post("/v2/inventory/changes/batch-create", batch(UUID.randomUUID().toString(), List.of(count(item, "7", now.minusSeconds(60)))));

        JsonNode stale = json(post("/v2/inventory/changes/batch-create",
                batch(UUID.randomUUID().toString(), List.of(count(item, "3", now.minusSeconds(600))))));
        assertThat(onHand(item)).isEqualByComparingTo("7");
        assertThat(stateCount(stale.path("counts"), "IN_STOCK").path("quantity").asText()).isEqualTo("7");

        // an adjustment from before the latest count is already in that count; a later one is not
        post("/v2/inventory/changes/batch-create", batch(UUID.randomUUID().toString(), List.of(
                adjustment(item, "IN_STOCK", "SOLD", "1", now.minusSeconds(120)),
                adjustment(item, "IN_STOCK", "SOLD", "2", now.minusSeconds(10)))));
        assertThat(onHand(item)).isEqualByComparingTo("5");
    }

    // --- inventory reads ---

    @Test
    void batchRetrievePagesThroughEveryCount() throws Exception {
        int expected = retailer.variants().size() * retailer.stores().size();
        JsonNode first = json(post("/v2/inventory/counts/batch-retrieve", "{\"states\": [\"IN_STOCK\"]}"));
        assertThat(first.path("counts")).hasSize(settings.defaultPageSize());

        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> request = cursor == null ? Map.of("states", List.of("IN_STOCK"), "limit", 250)
                    : Map.of("states", List.of("IN_STOCK"), "limit", 250, "cursor", cursor);
            JsonNode page = json(post("/v2/inventory/counts/batch-retrieve", JSON.writeValueAsString(request)));
            page.path("counts").forEach(c -> assertThat(seen.add(c.path("catalog_object_id").asText() + "@"
                    + c.path("location_id").asText())).as("each count once").isTrue());
            cursor = page.hasNonNull("cursor") ? page.path("cursor").asText() : null;
            pages++;
        } while (cursor != null);

        assertThat(seen).hasSize(expected);
        assertThat(pages).isEqualTo((expected + 249) / 250);
        Variant untouched = retailer.variants().get(retailer.variants().size() - 1);
        JsonNode one = json(post("/v2/inventory/counts/batch-retrieve", JSON.writeValueAsString(Map.of(
                "catalog_object_ids", List.of(untouched.squareVariationId()), "location_ids", List.of(UTRECHT)))));
        assertThat(one.path("counts")).hasSize(1);
        assertThat(new BigDecimal(one.path("counts").get(0).path("quantity").asText())).isEqualByComparingTo(seeded(untouched));
    }

    @Test
    void batchRetrieveRefusesABadCursorAndAnOversizedLimit() throws Exception {
        HttpResponse<String> cursor = post("/v2/inventory/counts/batch-retrieve", "{\"cursor\": \"bm9uc2Vuc2U\"}");
        HttpResponse<String> limit = post("/v2/inventory/counts/batch-retrieve", "{\"limit\": 1001}");

        assertThat(cursor.statusCode()).isEqualTo(400);
        assertThat(error(cursor).path("code").asText()).isEqualTo("INVALID_CURSOR");
        assertThat(limit.statusCode()).isEqualTo(400);
        assertThat(error(limit).path("field").asText()).isEqualTo("limit");
    }

    // --- the till and its webhooks ---

    @Test
    void aTillSaleSendsSignedOrderAndCountNotifications() throws Exception {
        Variant item = variant(20);
        HttpResponse<String> sold = sale(item, "UTR-01");
        JsonNode order = json(sold);

        assertThat(sold.statusCode()).isEqualTo(201);
        assertThat(order.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(order.path("location_id").asText()).isEqualTo(UTRECHT);
        assertThat(order.path("line_items").get(0).path("catalog_object_id").asText()).isEqualTo(item.squareVariationId());
        assertThat(onHand(item)).isEqualByComparingTo(seeded(item).subtract(BigDecimal.ONE));
        assertThat(json(send(authorized("/v2/orders/" + order.path("id").asText()).GET())).path("order")).isEqualTo(order);

        WebhookReceiver.Delivery created = awaitDelivery("order.created", order.path("id").asText());
        WebhookReceiver.Delivery counted = awaitDelivery("inventory.count.updated", item.squareVariationId());
        for (WebhookReceiver.Delivery delivery : List.of(created, counted)) {
            assertThat(delivery.header("x-square-hmacsha256-signature")).isEqualTo(sign(receiver.url() + delivery.body()));
            assertThat(delivery.header("square-environment")).isEqualTo("Sandbox");
            assertThat(Instant.parse(delivery.header("square-initial-delivery-timestamp"))).isBefore(Instant.now());
            assertThat(delivery.header("square-retry-number")).isNull();
            assertThat(UUID.fromString(delivery.eventId())).isNotNull();
            assertThat(delivery.json().path("merchant_id").asText()).isEqualTo(settings.merchantId());
        }
        assertThat(created.json().path("data").path("type").asText()).isEqualTo("order");
        assertThat(created.json().path("data").path("object").path("order_created").path("order_id").asText())
                .isEqualTo(order.path("id").asText());
        // the shape mappings/square/inventory-count.in.jslt reads
        JsonNode data = counted.json().path("data");
        assertThat(data.path("type").asText()).isEqualTo("inventory_counts");
        JsonNode count = data.path("object").path("inventory_counts").get(0);
        assertThat(count.path("catalog_object_id").asText()).isEqualTo(item.squareVariationId());
        assertThat(count.path("catalog_object_type").asText()).isEqualTo("ITEM_VARIATION");
        assertThat(count.path("location_id").asText()).isEqualTo(UTRECHT);
        assertThat(count.path("state").asText()).isEqualTo("IN_STOCK");
        assertThat(new BigDecimal(count.path("quantity").asText())).isEqualByComparingTo(seeded(item).subtract(BigDecimal.ONE));
        assertThat(Instant.parse(count.path("calculated_at").asText())).isNotNull();
    }

    @Test
    void theSaleCanBeReadBackAsAnInventoryAdjustment() throws Exception {
        Variant item = variant(21);
        sale(item, "AMS-01");

        JsonNode changes = json(post("/v2/inventory/changes/batch-retrieve", JSON.writeValueAsString(Map.of(
                "catalog_object_ids", List.of(item.squareVariationId()), "types", List.of("ADJUSTMENT")))));

        // the shape mappings/square/inventory-adjustment.in.jslt reads
        JsonNode adjustment = changes.path("changes").get(0).path("adjustment");
        assertThat(changes.path("changes")).hasSize(1);
        assertThat(changes.path("changes").get(0).path("type").asText()).isEqualTo("ADJUSTMENT");
        assertThat(adjustment.path("from_state").asText()).isEqualTo("IN_STOCK");
        assertThat(adjustment.path("to_state").asText()).isEqualTo("SOLD");
        assertThat(adjustment.path("location_id").asText()).isEqualTo("LQ2M9B4TDN6HA");
        assertThat(adjustment.path("quantity").asText()).isEqualTo("1");
        assertThat(adjustment.path("source").path("product").asText()).isEqualTo("SQUARE_POS");
        assertThat(Instant.parse(adjustment.path("occurred_at").asText())).isNotNull();
    }

    @Test
    void aFailedDeliveryIsRetriedWithTheRetryHeadersAndTheSameEvent() throws Exception {
        receiver.failFirstAttemptOf("order.created");
        String orderId = json(sale(variant(22), "RTM-01")).path("id").asText();

        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries("order.created", orderId).size() == 2);
        List<WebhookReceiver.Delivery> attempts = deliveries("order.created", orderId);
        WebhookReceiver.Delivery first = attempts.get(0);
        WebhookReceiver.Delivery retry = attempts.get(1);
        assertThat(first.header("square-retry-number")).isNull();
        assertThat(retry.header("square-retry-number")).isEqualTo("1");
        assertThat(retry.header("square-retry-reason")).isEqualTo("http_error");
        assertThat(retry.eventId()).isEqualTo(first.eventId());
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("square-initial-delivery-timestamp")).isEqualTo(first.header("square-initial-delivery-timestamp"));
        assertThat(retry.header("x-square-hmacsha256-signature")).isEqualTo(sign(receiver.url() + retry.body()));
    }

    @Test
    void duplicatesTheNextDeliveryWhenSwitchedOn() throws Exception {
        setFaults(Map.of("duplicatedWebhooks", 1));
        String orderId = json(sale(variant(23), "UTR-01")).path("id").asText();

        await().atMost(Duration.ofSeconds(5)).until(() -> deliveries("order.created", orderId).size() == 2);
        List<WebhookReceiver.Delivery> twice = deliveries("order.created", orderId);
        assertThat(twice.get(1).eventId()).isEqualTo(twice.get(0).eventId());
        assertThat(twice.get(1).body()).isEqualTo(twice.get(0).body());
    }

    @Test
    void deliversOutOfOrderWhenSwitchedOn() throws Exception {
        setFaults(Map.of("reorderedWebhooks", 2));
        Variant item = variant(24);
        String orderId = json(sale(item, "UTR-01")).path("id").asText();

        String created = awaitDelivery("order.created", orderId).eventId();
        String counted = awaitDelivery("inventory.count.updated", item.squareVariationId()).eventId();
        // the sandbox sends in one thread: the attempt times give the sending order (arrival can race)
        JsonNode attempts = json(send(HttpRequest.newBuilder(uri("/_sandbox/webhooks")).GET()));
        assertThat(attemptAt(attempts, counted)).isBefore(attemptAt(attempts, created));
    }

    private static Instant attemptAt(JsonNode attempts, String eventId) {
        for (JsonNode attempt : attempts) {
            if (attempt.path("eventId").asText().equals(eventId)) {
                return Instant.parse(attempt.path("at").asText());
            }
        }
        throw new AssertionError("no attempt for " + eventId);
    }

    // --- faults ---

    @Test
    void aThrottleStormAnswers429UntilItEnds() throws Exception {
        setFaults(Map.of("throttles", 3));

        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            responses.add(send(authorized("/v2/locations").GET()));
        }

        for (HttpResponse<String> throttled : responses.subList(0, 3)) {
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(error(throttled).path("category").asText()).isEqualTo("RATE_LIMIT_ERROR");
            assertThat(error(throttled).path("code").asText()).isEqualTo("RATE_LIMITED");
        }
        assertThat(responses.get(3).statusCode()).isEqualTo(200);
    }

    @Test
    void aServerErrorBurstAnswers500And503ThenRecovers() throws Exception {
        setFaults(Map.of("serverErrors", 2));

        HttpResponse<String> first = send(authorized("/v2/locations").GET());
        HttpResponse<String> second = send(authorized("/v2/locations").GET());
        HttpResponse<String> third = send(authorized("/v2/locations").GET());

        assertThat(first.statusCode()).isEqualTo(500);
        assertThat(error(first).path("category").asText()).isEqualTo("API_ERROR");
        assertThat(error(first).path("code").asText()).isEqualTo("INTERNAL_SERVER_ERROR");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(error(second).path("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(third.statusCode()).isEqualTo(200);
    }

    // --- helpers ---

    /** A variant no other test touches (tests share the sandbox). */
    private static Variant variant(int index) {
        return retailer.variants().get(index);
    }

    private static BigDecimal seeded(Variant item) {
        return BigDecimal.valueOf(item.onHand().get("UTR-01"));
    }

    private static Map<String, Object> count(Variant item, String quantity, Instant occurredAt) {
        return count(item.squareVariationId(), UTRECHT, quantity, occurredAt);
    }

    private static Map<String, Object> count(String catalogObjectId, String locationId, String quantity, Instant occurredAt) {
        return Map.of("type", "PHYSICAL_COUNT", "physical_count", Map.of("catalog_object_id", catalogObjectId,
                "location_id", locationId, "state", "IN_STOCK", "quantity", quantity, "occurred_at", occurredAt.toString()));
    }

    private static Map<String, Object> adjustment(Variant item, String from, String to, String quantity, Instant occurredAt) {
        return Map.of("type", "ADJUSTMENT", "adjustment", Map.of("catalog_object_id", item.squareVariationId(),
                "location_id", UTRECHT, "from_state", from, "to_state", to, "quantity", quantity,
                "occurred_at", occurredAt.toString()));
    }

    private static Map<String, Object> adjustment(String catalogObjectId, String locationId, String from, String to,
            String quantity) {
        return Map.of("type", "ADJUSTMENT", "adjustment", Map.of("catalog_object_id", catalogObjectId,
                "location_id", locationId, "from_state", from, "to_state", to, "quantity", quantity,
                "occurred_at", Instant.now().toString()));
    }

    private static String batch(String idempotencyKey, List<Map<String, Object>> changes) throws Exception {
        return JSON.writeValueAsString(Map.of("idempotency_key", idempotencyKey, "changes", changes));
    }

    private static JsonNode stateCount(JsonNode counts, String state) {
        for (JsonNode count : counts) {
            if (count.path("state").asText().equals(state)) {
                return count;
            }
        }
        throw new AssertionError("no " + state + " count in " + counts);
    }

    /** IN_STOCK at Utrecht, read back through the admin API. */
    private static BigDecimal onHand(Variant item) throws Exception {
        JsonNode counts = json(send(HttpRequest.newBuilder(uri("/_sandbox/counts?state=IN_STOCK&location=UTR-01&sku=" + item.sku())).GET()));
        assertThat(counts).hasSize(1);
        return counts.get(0).path("quantity").decimalValue();
    }

    private static HttpResponse<String> sale(Variant item, String location) throws Exception {
        return send(HttpRequest.newBuilder(uri("/_sandbox/sales")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("location", location, "sku", item.sku(), "quantity", 1)))));
    }

    private static void setFaults(Map<String, Integer> faults) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/_sandbox/faults")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(faults))));
        assertThat(response.statusCode()).isEqualTo(200);
    }

    /** Deliveries of one event type whose body mentions {@code text} (an order or catalog object id), oldest first. */
    private static List<WebhookReceiver.Delivery> deliveries(String type, String text) {
        return receiver.deliveries().stream().filter(d -> d.type().equals(type) && d.body().contains(text))
                .collect(Collectors.toList());
    }

    private static WebhookReceiver.Delivery awaitDelivery(String type, String text) {
        await().atMost(Duration.ofSeconds(5)).until(() -> !deliveries(type, text).isEmpty());
        return deliveries(type, text).get(0);
    }

    private static String sign(String urlAndBody) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(settings.signatureKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(urlAndBody.getBytes(StandardCharsets.UTF_8)));
    }

    private static URI uri(String path) {
        return URI.create(sandbox.baseUrl() + path);
    }

    private static HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + settings.accessToken());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return send(authorized(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static JsonNode error(HttpResponse<String> response) throws Exception {
        return json(response).path("errors").get(0);
    }
}
