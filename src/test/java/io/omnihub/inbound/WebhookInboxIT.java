package io.omnihub.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.omnihub.correlation.CorrelationIds;
import io.omnihub.support.EventTopicReader;
import io.omnihub.support.HubIntegrationTest;
import io.omnihub.xref.IdRegistry;

/**
 * The webhook inbox through real HTTP, the database and Kafka: signed deliveries are stored, then
 * become canonical events once; bad, duplicate, unsigned and stale deliveries are answered
 * clearly and change nothing, and good ones around them still go through.
 */
class WebhookInboxIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHOPIFY = "/webhooks/shopify/omnihub-outdoor";
    private static final String SQUARE = "/webhooks/square/outdoor-nl";

    @Autowired
    IdRegistry registry;

    @Autowired
    MeterRegistry meters;

    @Autowired
    CamelContext camel;

    @Autowired
    InboxWriter inboxWriter;

    @Autowired
    InboxHandOff handOff;

    @BeforeEach
    void knownItems() {
        registry.link("shopify", "inventory-item", "44120341102646", "TR2-LW-GRN");
        registry.link("shopify", "location", "71234560001", "UTR-01");
        registry.link("square", "sku", "FGQ5HJXZQJ4NW5RJ3VKQAMLB", "TR2-LW-GRN");
    }

    @Test
    void signedShopifyWebhookIsStoredThenPublishedOnceWithItsCorrelationId() throws Exception {
        String eventId = UUID.randomUUID().toString();
        String body = inventoryLevel(5, "2026-11-23T10:00:00Z");

        HttpResponse<String> first = shopify(eventId, "inventory_levels/update", "2026-11-23T10:00:01Z", body, sign(body));
        HttpResponse<String> again = shopify(eventId, "inventory_levels/update", "2026-11-23T10:00:01Z", body, sign(body));

        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode receipt = JSON.readTree(first.body());
        assertThat(receipt.path("status").asText()).isEqualTo("accepted");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).path("status").asText()).isEqualTo("duplicate");
        assertThat(JSON.readTree(again.body()).path("correlationId").asText()).isEqualTo(receipt.path("correlationId").asText());

        awaitStatus("shopify", eventId, "PUBLISHED");
        String correlationId = receipt.path("correlationId").asText();
        List<ConsumerRecord<String, byte[]>> events = EventTopicReader.readAll(bootstrapServers, "omnihub.inventory-level.v1")
                .stream().filter(r -> correlationId.equals(header(r, "ce_correlationid"))).toList();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).key()).isEqualTo("TR2-LW-GRN@UTR-01");
        assertThat(header(events.get(0), "ce_source")).isEqualTo("/omnihub/webhooks/shopify/omnihub-outdoor");
        assertThat(JSON.readTree(events.get(0).value()).path("available").asInt()).isEqualTo(5);
        assertThat(rows("shopify", eventId)).isEqualTo(1);

        // the history: the inbox row and the event it became, by the platform's event id
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode history = JSON.readTree(get("/api/inbound/webhooks/shopify/omnihub-outdoor/" + eventId).body());
            assertThat(history.path("correlationId").asText()).isEqualTo(correlationId);
            assertThat(history.path("webhook").path("status").asText()).isEqualTo("PUBLISHED");
            assertThat(history.path("events")).hasSize(1);
            assertThat(history.path("events").get(0).path("entity_id").asText()).isEqualTo("TR2-LW-GRN@UTR-01");
        });
    }

    @Test
    void aRowHandedToProcessingButNotProcessedWhenTheHubStopsIsReleasedAndSwept() throws Exception {
        String item = String.valueOf(55_000_000_000L + (System.nanoTime() & 0xFFFFFF));
        registry.link("shopify", "inventory-item", item, "RELEASE-" + item);
        String eventId = UUID.randomUUID().toString();
        String correlationId = CorrelationIds.newId();
        String body = inventoryLevel(item, 3, "2026-11-24T09:00:00Z");
        // one handed over and processed before the stop
        String processed = UUID.randomUUID().toString();
        String earlier = inventoryLevel(item, 2, "2026-11-24T08:00:00Z");
        assertThat(shopify(processed, "inventory_levels/update", "2026-11-24T08:00:01Z", earlier, sign(earlier)).statusCode())
                .isEqualTo(200);
        awaitStatus("shopify", processed, "PUBLISHED");
        camel.getRouteController().stopRoute("webhook-inbox-process");
        try {
            // what the door does when processing can take the row, up to the moment the hub stops
            inboxWriter.insert(new InboxWriter.NewRow("shopify", "omnihub-outdoor", eventId, "inventory_levels/update",
                    correlationId, Instant.parse("2026-11-24T09:00:00Z"), Instant.now(), "{}", body, true));
            handOff.handOver(new WebhookProcessing.Row("shopify", "omnihub-outdoor", eventId, "inventory_levels/update",
                    correlationId, Instant.parse("2026-11-24T09:00:00Z"), body, 1));
            assertThat(jdbc.queryForMap("SELECT status, attempts FROM webhook_inbox WHERE correlation_id = ?", correlationId))
                    .containsEntry("status", "PROCESSING").containsEntry("attempts", 1);

            handOff.release();

            assertThat(jdbc.queryForMap("SELECT status, attempts, processed_at FROM webhook_inbox WHERE correlation_id = ?",
                    correlationId)).containsEntry("status", "RECEIVED").containsEntry("attempts", 0)
                    .containsEntry("processed_at", null);
            assertThat(jdbc.queryForObject("SELECT status FROM webhook_inbox WHERE system = 'shopify' AND event_id = ?",
                    String.class, processed)).as("processed before the stop: kept").isEqualTo("PUBLISHED");
            // the stopped process's queue is gone with it
            camel.getEndpoint("seda:webhook-inbox", SedaEndpoint.class).purgeQueue();
        } finally {
            camel.getRouteController().startRoute("webhook-inbox-process");
        }
        awaitStatus("shopify", eventId, "PUBLISHED");
        assertThat(jdbc.queryForObject("SELECT attempts FROM webhook_inbox WHERE correlation_id = ?", Integer.class,
                correlationId)).as("taken up by the sweep once, as a new attempt").isEqualTo(1);
    }

    @Test
    void wrongOrMissingSignatureIs401AndNothingIsStored() throws Exception {
        String eventId = UUID.randomUUID().toString();
        String body = inventoryLevel(3, "2026-11-23T10:00:00Z");

        HttpResponse<String> wrong = shopify(eventId, "inventory_levels/update", null, body, sign(body + " "));
        HttpResponse<String> missing = shopify(eventId, "inventory_levels/update", null, body, null);
        HttpResponse<String> notBase64 = shopify(eventId, "inventory_levels/update", null, body, "%%%");

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("X-Shopify-Hmac-Sha256 does not match");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.body()).contains("X-Shopify-Hmac-Sha256 is missing");
        assertThat(notBase64.statusCode()).isEqualTo(401);
        assertThat(rows("shopify", eventId)).isZero();
    }

    @Test
    void badInputIsRefusedByNameAndGoodInputAroundItGoesThrough() throws Exception {
        String good1 = UUID.randomUUID().toString();
        String good2 = UUID.randomUUID().toString();
        String malformed = "{\"inventory_item_id\": 44120341102646, \"available\": }";
        String oversized = "{\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}";

        HttpResponse<String> before = shopify(good1, "inventory_levels/update", null,
                inventoryLevel(8, "2026-11-23T10:00:00Z"), null, true);
        HttpResponse<String> bad = shopify(UUID.randomUUID().toString(), "inventory_levels/update", null, malformed, sign(malformed));
        HttpResponse<String> large = shopify(UUID.randomUUID().toString(), "inventory_levels/update", null, oversized, sign(oversized));
        HttpResponse<String> noEventId = post(SHOPIFY, "application/json", "{}", "X-Shopify-Hmac-Sha256", sign("{}"),
                "X-Shopify-Topic", "inventory_levels/update");
        HttpResponse<String> unknownSystem = post("/webhooks/magento/shop", "application/json", "{}");
        HttpResponse<String> unknownAccount = post("/webhooks/shopify/someone-else", "application/json", "{}");
        HttpResponse<String> after = shopify(good2, "inventory_levels/update", null,
                inventoryLevel(9, "2026-11-23T10:00:00Z"), null, true);

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("Malformed JSON at line 1, column");
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(large.body()).contains("omnihub.webhooks.max-body-size");
        assertThat(noEventId.statusCode()).isEqualTo(400);
        assertThat(noEventId.body()).contains("Header X-Shopify-Event-Id is missing");
        assertThat(unknownSystem.statusCode()).isEqualTo(404);
        assertThat(unknownSystem.body()).contains("Unknown webhook system 'magento'");
        assertThat(unknownAccount.statusCode()).isEqualTo(404);
        assertThat(unknownAccount.body()).contains("Unknown shopify account 'someone-else'");
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(after.statusCode()).isEqualTo(200);
        awaitStatus("shopify", good1, "PUBLISHED");
        awaitStatus("shopify", good2, "PUBLISHED");
    }

    @Test
    void theDoorRefusesWhatIsNotAWebhookAndCountsEachOutcome() throws Exception {
        double tooLargeBefore = received("shopify", "rejected-413");
        double unknownBefore = received("unknown", "rejected-404");
        byte[] oversized = ("{\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        // streamed without a Content-Length: the limit holds on what is read, not on what is declared
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(hub().uri(SHOPIFY))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oversized)))
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> noAccount = post("/webhooks/shopify", "application/json", "{}");
        HttpResponse<String> tooDeep = post(SHOPIFY + "/extra", "application/json", "{}");
        HttpResponse<String> read = get(SHOPIFY);
        String good = UUID.randomUUID().toString();
        HttpResponse<String> after = shopify(good, "inventory_levels/update", null, inventoryLevel(4, "2026-11-23T10:00:00Z"), null, true);

        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(chunked.body()).path("detail").asText())
                .isEqualTo("Request body is over the limit of 1048576 bytes (omnihub.webhooks.max-body-size)");
        assertThat(chunked.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(noAccount.statusCode()).isEqualTo(404);
        assertThat(noAccount.body()).contains("/webhooks/<system>/<account>");
        assertThat(tooDeep.statusCode()).isEqualTo(404);
        assertThat(read.statusCode()).isEqualTo(405);
        assertThat(received("shopify", "rejected-413")).isEqualTo(tooLargeBefore + 1);
        assertThat(received("unknown", "rejected-404")).isEqualTo(unknownBefore + 2);
        // the door is served ahead of Spring's filters, so it times its own answers
        assertThat(meters.find("omnihub.webhooks.received").tag("outcome", "rejected-413").timer().totalTime(TimeUnit.NANOSECONDS))
                .isPositive();
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.headers().firstValue("X-Correlation-Id")).hasValue(JSON.readTree(after.body()).path("correlationId").asText());
        awaitStatus("shopify", good, "PUBLISHED");
    }

    private double received(String system, String outcome) {
        Timer timer = meters.find("omnihub.webhooks.received").tag("system", system).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void olderDataArrivingLaterNeverMovesStateBackwards() throws Exception {
        registry.link("shopify", "inventory-item", "44120341135414", "TR2-LW-ORG");
        String newer = UUID.randomUUID().toString();
        String older = UUID.randomUUID().toString();
        String newerBody = inventoryLevel("44120341135414", 2, "2026-11-23T12:00:00Z");
        String olderBody = inventoryLevel("44120341135414", 6, "2026-11-23T11:00:00Z");

        shopify(newer, "inventory_levels/update", "2026-11-23T12:00:00Z", newerBody, sign(newerBody));
        awaitStatus("shopify", newer, "PUBLISHED");
        shopify(older, "inventory_levels/update", "2026-11-23T11:00:00Z", olderBody, sign(olderBody));

        awaitStatus("shopify", older, "STALE");
        assertThat(outcome("shopify", older)).contains("Older than what the hub already has for inventory-level TR2-LW-ORG@UTR-01");
    }

    @Test
    void unmappableRecordIsRejectedWithTheMappingsReasonAndUnknownTopicIsIgnored() throws Exception {
        String unknownItem = UUID.randomUUID().toString();
        String unknownTopic = UUID.randomUUID().toString();
        String body = inventoryLevel("99999999", 1, "2026-11-23T10:00:00Z");

        shopify(unknownItem, "inventory_levels/update", null, body, sign(body));
        shopify(unknownTopic, "app/uninstalled", null, "{\"id\": 1}", sign("{\"id\": 1}"));

        awaitStatus("shopify", unknownItem, "REJECTED");
        assertThat(outcome("shopify", unknownItem)).contains("inventory-level.in.jslt").contains("99999999");
        awaitStatus("shopify", unknownTopic, "IGNORED");
        assertThat(outcome("shopify", unknownTopic)).contains("No mapping for shopify topic 'app/uninstalled'");
    }

    @Test
    void aBurstIsProcessedInBatchesAndBadWebhooksInItHoldUpNoneOfTheOthers() throws Exception {
        registry.link("shopify", "inventory-item", "44120341990001", "TR2-BURST");
        List<String> updates = new java.util.ArrayList<>();
        List<java.util.concurrent.Callable<HttpResponse<String>>> sends = new java.util.ArrayList<>();
        for (int second = 0; second < 48; second++) {
            String eventId = UUID.randomUUID().toString();
            String at = "2027-01-01T00:00:%02dZ".formatted(second);
            String body = inventoryLevel("44120341990001", second, at);
            updates.add(eventId);
            sends.add(() -> shopify(eventId, "inventory_levels/update", at, body, sign(body)));
        }
        String unmappable = UUID.randomUUID().toString();
        String unknownItem = inventoryLevel("99999998", 1, "2027-01-01T00:00:00Z");
        sends.add(() -> shopify(unmappable, "inventory_levels/update", null, unknownItem, sign(unknownItem)));
        String unknownTopic = UUID.randomUUID().toString();
        sends.add(() -> shopify(unknownTopic, "app/uninstalled", null, "{\"id\": 2}", sign("{\"id\": 2}")));
        java.util.Collections.shuffle(sends, new java.util.Random(7));

        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            for (var answer : pool.invokeAll(sends)) {
                assertThat(answer.get().statusCode()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }

        awaitStatus("shopify", unmappable, "REJECTED");
        assertThat(outcome("shopify", unmappable)).contains("99999998");
        awaitStatus("shopify", unknownTopic, "IGNORED");
        // whatever order they were processed in, the newest count wins and older ones never overtake it
        awaitStatus("shopify", updates.get(47), "PUBLISHED");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT status FROM webhook_inbox WHERE system = 'shopify' AND event_id IN (" + quoted(updates) + ")",
                String.class)).hasSize(48).allMatch(status -> status.equals("PUBLISHED") || status.equals("STALE")));
        List<String> published = jdbc.queryForList("SELECT correlation_id FROM webhook_inbox WHERE system = 'shopify'"
                + " AND status = 'PUBLISHED' AND event_id IN (" + quoted(updates) + ")", String.class);
        List<ConsumerRecord<String, byte[]>> events = EventTopicReader.readAll(bootstrapServers, "omnihub.inventory-level.v1")
                .stream().filter(r -> "TR2-BURST@UTR-01".equals(r.key())).toList();
        assertThat(events).extracting(r -> header(r, "ce_correlationid")).containsExactlyInAnyOrderElementsOf(published);
        assertThat(JSON.readTree(events.get(events.size() - 1).value()).path("available").asInt()).isEqualTo(47);
        // batches: rows processed together share their outcome's time
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT processed_at) FROM webhook_inbox WHERE event_id IN ("
                + quoted(updates) + ")", Long.class)).isLessThan(48);
    }

    @Test
    void squareSignsTheNotificationUrlWithTheBody() throws Exception {
        String eventId = UUID.randomUUID().toString();
        String body = """
                {"merchant_id": "MLX1", "type": "inventory.count.updated", "event_id": "%s",
                 "created_at": "2026-11-23T10:15:00Z",
                 "data": {"type": "inventory_counts", "id": "x", "object": {"inventory_counts": [
                   {"catalog_object_id": "FGQ5HJXZQJ4NW5RJ3VKQAMLB", "catalog_object_type": "ITEM_VARIATION",
                    "state": "IN_STOCK", "location_id": "L8RWN7ZDWRXKX", "quantity": "4",
                    "calculated_at": "2026-11-23T10:14:59Z"}]}}}""".formatted(eventId);

        HttpResponse<String> bodyOnly = post(SQUARE, "application/json", body,
                "x-square-hmacsha256-signature", hmac(SQUARE_SIGNATURE_KEY, body));
        HttpResponse<String> urlAndBody = post(SQUARE, "application/json", body,
                "x-square-hmacsha256-signature", hmac(SQUARE_SIGNATURE_KEY, SQUARE_NOTIFICATION_URL + body));

        assertThat(bodyOnly.statusCode()).isEqualTo(401);
        assertThat(urlAndBody.statusCode()).isEqualTo(200);
        awaitStatus("square", eventId, "PUBLISHED");
    }

    private HttpResponse<String> shopify(String eventId, String topic, String triggeredAt, String body, String signature)
            throws Exception {
        return shopify(eventId, topic, triggeredAt, body, signature, false);
    }

    private HttpResponse<String> shopify(String eventId, String topic, String triggeredAt, String body, String signature,
            boolean signIt) throws Exception {
        List<String> headers = new java.util.ArrayList<>(List.of("X-Shopify-Event-Id", eventId, "X-Shopify-Topic", topic,
                "X-Shopify-Shop-Domain", "omnihub-outdoor.myshopify.com"));
        if (triggeredAt != null) {
            headers.addAll(List.of("X-Shopify-Triggered-At", triggeredAt));
        }
        String given = signIt ? sign(body) : signature;
        if (given != null) {
            headers.addAll(List.of("X-Shopify-Hmac-Sha256", given));
        }
        return post(SHOPIFY, "application/json", body, headers.toArray(String[]::new));
    }

    private static String inventoryLevel(int available, String updatedAt) {
        return inventoryLevel("44120341102646", available, updatedAt);
    }

    private static String inventoryLevel(String item, int available, String updatedAt) {
        return """
                {"inventory_item_id": %s, "location_id": 71234560001, "available": %d, "updated_at": "%s",
                 "admin_graphql_api_id": "gid://shopify/InventoryLevel/71234560001?inventory_item_id=%s"}"""
                .formatted(item, available, updatedAt, item);
    }

    private static String sign(String body) {
        return hmac(SHOPIFY_WEBHOOK_SECRET, body);
    }

    private static String hmac(String secret, String signed) {
        return Base64.getEncoder().encodeToString(HmacSignature.sign(secret, new byte[0], signed.getBytes(StandardCharsets.UTF_8)));
    }

    private void awaitStatus(String system, String eventId, String status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT status FROM webhook_inbox WHERE system = ? AND event_id = ?", String.class, system, eventId))
                .as("outcome: %s", outcomeOrNone(system, eventId)).isEqualTo(status));
    }

    private String outcomeOrNone(String system, String eventId) {
        List<String> outcomes = jdbc.queryForList("SELECT outcome FROM webhook_inbox WHERE system = ? AND event_id = ?",
                String.class, system, eventId);
        return outcomes.isEmpty() ? "(no row)" : outcomes.get(0);
    }

    private String outcome(String system, String eventId) {
        return jdbc.queryForObject("SELECT outcome FROM webhook_inbox WHERE system = ? AND event_id = ?", String.class,
                system, eventId);
    }

    private static String quoted(List<String> values) {
        return String.join(",", values.stream().map(v -> "'" + v + "'").toList());
    }

    private long rows(String system, String eventId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM webhook_inbox WHERE system = ? AND event_id = ?", Long.class,
                system, eventId);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
