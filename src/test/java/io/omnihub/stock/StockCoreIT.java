package io.omnihub.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.omnihub.event.CloudEvents;
import io.omnihub.support.CanonicalRecords;
import io.omnihub.support.EventTopicReader;
import io.omnihub.support.HubIntegrationTest;

/**
 * The stock core through the whole hub: canonical events posted over HTTP, carried by Kafka,
 * applied to the database, and each channel's availability published on omnihub.availability.v1.
 * Channels as in mappings/channels.yaml: Shopify per location (DC-NL + three stores, no safety
 * stock), bol.com from DC-NL, UTR-01 and AMS-01 keeping 1 back (3 for SOCK-*), the tills per store.
 */
class StockCoreIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private ProducerTemplate producer;

    @Test
    void countsBecomeWhatEachChannelMaySell() throws Exception {
        String sku = newSku("TENT");
        ingest("inventory-level", CanonicalRecords.count(sku, "DC-NL", 5, "2026-11-23T10:00:00Z"));
        ingest("inventory-level", CanonicalRecords.count(sku, "UTR-01", 2, "2026-11-23T10:00:00Z"));
        ingest("inventory-level", CanonicalRecords.count(sku, "RTM-01", 8, "2026-11-23T10:00:00Z"));

        // Rotterdam does not ship for bol.com: 5 + 2 - 1 kept back
        awaitAvailable("marketplace-bol", sku, "", 6);
        awaitAvailable("webshop-shopify", sku, "UTR-01", 2);
        assertThat(available("webshop-shopify", sku, "DC-NL")).isEqualTo(5);
        assertThat(available("webshop-shopify", sku, "AMS-01")).isZero();
        assertThat(available("store", sku, "UTR-01")).isEqualTo(2);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(lastPublished(sku))
                .containsEntry("marketplace-bol:" + sku, 6)
                .containsEntry("webshop-shopify:" + sku + "@DC-NL", 5)
                .containsEntry("webshop-shopify:" + sku + "@UTR-01", 2));
    }

    @Test
    void anOlderCountNeverMovesStockBackwards() throws Exception {
        String sku = newSku("BOOT");
        ingest("inventory-level", CanonicalRecords.count(sku, "DC-NL", 3, "2026-11-23T12:00:00Z"));
        awaitAvailable("marketplace-bol", sku, "", 2);
        String older = ingest("inventory-level", CanonicalRecords.count(sku, "DC-NL", 9, "2026-11-23T11:00:00Z"));

        await().atMost(Duration.ofSeconds(20)).until(() -> "STALE".equals(outcome(older)));
        assertThat(available("marketplace-bol", sku, "")).isEqualTo(2);
    }

    @Test
    void anOrderReservesStockAndACancellationFreesIt() throws Exception {
        String sku = newSku("SOCK");
        ingest("inventory-level", CanonicalRecords.count(sku, "DC-NL", 10, "2026-11-23T10:00:00Z"));
        awaitAvailable("marketplace-bol", sku, "", 7); // SOCK-* keeps 3 back on bol.com
        String order = "order-" + UUID.randomUUID();

        ingest("order", CanonicalRecords.order(order, "webshop-shopify", "confirmed", sku, 4));
        awaitAvailable("marketplace-bol", sku, "", 3);
        assertThat(available("webshop-shopify", sku, "DC-NL")).isEqualTo(6);

        ingest("order", CanonicalRecords.order(order, "webshop-shopify", "cancelled", sku, 4));
        awaitAvailable("marketplace-bol", sku, "", 7);
        assertThat(jdbc.queryForObject("SELECT status FROM stock_reservation WHERE order_id = ?", String.class, order))
                .isEqualTo("RELEASED");

        JsonNode lineage = JSON.readTree(get("/api/stock/skus/" + sku).body());
        assertThat(lineage.at("/positions/0/on_hand").asInt()).isEqualTo(10);
        assertThat(lineage.get("changes").findValuesAsText("quantity")).contains("ON_HAND", "RESERVED", "AVAILABLE");
        assertThat(lineage.get("changes").findValuesAsText("record_id")).contains(order);
        assertThat(get("/api/stock/skus/NO-SUCH-SKU").statusCode()).isEqualTo(404);
    }

    @Test
    void anOrderWithUnitsCancelledFreesThemAtTheLocationsAllocatedLastFirst() throws Exception {
        String tent = newSku("TENT");
        String book = newSku("BOOK");
        ingest("inventory-level", CanonicalRecords.count(tent, "DC-NL", 2, "2026-11-23T10:00:00Z"));
        ingest("inventory-level", CanonicalRecords.count(tent, "UTR-01", 5, "2026-11-23T10:00:00Z"));
        ingest("inventory-level", CanonicalRecords.count(book, "DC-NL", 4, "2026-11-23T10:00:00Z"));
        awaitAvailable("marketplace-bol", tent, "", 6);
        awaitAvailable("marketplace-bol", book, "", 3);
        String order = "order-" + UUID.randomUUID();

        // 4 tents: the warehouse's 2, then 2 from Utrecht (bol.com's location order); 2 books from the warehouse
        ingest("order", CanonicalRecords.order(order, "marketplace-bol", "confirmed", Map.of(tent, 4, book, 2)));
        awaitAvailable("marketplace-bol", tent, "", 2);
        awaitAvailable("marketplace-bol", book, "", 1);
        assertThat(held(order)).containsExactlyInAnyOrderEntriesOf(Map.of(tent + "@DC-NL", 2, tent + "@UTR-01", 2, book + "@DC-NL", 2));

        // bol.com cancelled 3 tents and the books: the next version has 1 tent and no book line
        String fewer = ingest("order", CanonicalRecords.order(order, "marketplace-bol", "confirmed", Map.of(tent, 1)));
        awaitAvailable("marketplace-bol", tent, "", 5);
        awaitAvailable("marketplace-bol", book, "", 3);
        assertThat(outcome(fewer)).isEqualTo("APPLIED");
        assertThat(held(order)).containsExactlyInAnyOrderEntriesOf(Map.of(tent + "@DC-NL", 1));
        assertThat(available("webshop-shopify", tent, "UTR-01")).isEqualTo(5);
        assertThat(available("webshop-shopify", tent, "DC-NL")).isEqualTo(1);

        // the same version again under another event id, and a version with more units: nothing changes
        String again = ingest("order", CanonicalRecords.order(order, "marketplace-bol", "confirmed", Map.of(tent, 1)));
        String more = ingest("order", CanonicalRecords.order(order, "marketplace-bol", "confirmed", Map.of(tent, 3)));
        await().atMost(Duration.ofSeconds(20)).until(() -> "IGNORED".equals(outcome(again)) && "IGNORED".equals(outcome(more)));
        assertThat(held(order)).containsExactlyInAnyOrderEntriesOf(Map.of(tent + "@DC-NL", 1));

        // the rest cancelled: the last unit is freed, none twice
        ingest("order", CanonicalRecords.order(order, "marketplace-bol", "cancelled", Map.of(tent, 4, book, 2)));
        awaitAvailable("marketplace-bol", tent, "", 6);
        assertThat(held(order)).isEmpty();
        assertThat(available("marketplace-bol", book, "")).isEqualTo(3);
    }

    @Test
    void aRedeliveredEventChangesNothing() throws Exception {
        String sku = newSku("ROPE");
        String eventId = UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) {
            publish("inventory-level", sku + "@DC-NL", eventId, CanonicalRecords.count(sku, "DC-NL", 1, "2026-11-23T10:00:00Z"));
        }
        String order = "order-" + UUID.randomUUID();
        String orderEvent = UUID.randomUUID().toString();
        await().atMost(Duration.ofSeconds(20)).until(() -> outcome(eventId) != null);
        for (int i = 0; i < 2; i++) {
            publish("order", order, orderEvent, CanonicalRecords.order(order, "marketplace-bol", "confirmed", sku, 1));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> "APPLIED".equals(outcome(orderEvent)));
        // both copies consumed: the second one found the event id and changed nothing
        await().atMost(Duration.ofSeconds(20)).until(() -> EventTopicReader.readAll(bootstrapServers, "omnihub.order.v1")
                .stream().filter(r -> order.equals(r.key())).count() == 2);
        assertThat(jdbc.queryForObject("SELECT SUM(quantity) FROM stock_reservation WHERE sku = ?", Integer.class, sku)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT on_hand FROM stock_position WHERE sku = ?", Integer.class, sku)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stock_oversell WHERE sku = ?", Integer.class, sku)).isZero();
    }

    @Test
    void theLastUnitIsSoldOnceWhenTwoChannelsRaceForIt() throws Exception {
        ExecutorService buyers = Executors.newFixedThreadPool(2);
        try {
            List<String> skus = new ArrayList<>();
            for (int round = 0; round < 50; round++) {
                skus.add(newSku("LAST"));
                ingest("inventory-level", CanonicalRecords.count(skus.get(round), "DC-NL", 2, "2026-11-23T10:00:00Z"));
            }
            // bol.com keeps 1 back: with 2 on hand each channel offers the last sellable unit
            for (String sku : skus) {
                awaitAvailable("marketplace-bol", sku, "", 1);
            }
            for (String sku : skus) {
                List<Callable<String>> orders = List.of(
                        () -> ingest("order", CanonicalRecords.order("bol-" + sku, "marketplace-bol", "confirmed", sku, 2)),
                        () -> ingest("order", CanonicalRecords.order("shop-" + sku, "webshop-shopify", "confirmed", sku, 2)));
                for (Future<String> sent : buyers.invokeAll(orders)) {
                    sent.get();
                }
            }
            for (String sku : skus) {
                await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                        "SELECT COUNT(*) FROM stock_event WHERE record_id IN (?, ?)", Integer.class, "bol-" + sku, "shop-" + sku) == 2);
                assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT order_id) FROM stock_reservation WHERE sku = ?", Integer.class, sku))
                        .as("one order accepted for %s", sku).isEqualTo(1);
                assertThat(jdbc.queryForList("SELECT holding_orders FROM stock_oversell WHERE sku = ?", String.class, sku))
                        .as("the other flagged oversold, naming the order that holds the unit").hasSize(1)
                        .allMatch(holders -> holders.equals("bol-" + sku) || holders.equals("shop-" + sku));
                assertThat(jdbc.queryForObject("SELECT MIN(available) FROM channel_availability WHERE sku = ?", Integer.class, sku))
                        .isZero();
            }
            JsonNode oversells = JSON.readTree(get("/api/stock/oversells").body());
            assertThat(oversells.findValuesAsText("sku")).containsAll(skus);
        } finally {
            buyers.shutdownNow();
        }
    }

    private String ingest(String entity, String record) throws Exception {
        HttpResponse<String> response = post("/api/ingest/" + entity, "application/json", record);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("eventId").asText();
    }

    /** Publishes a canonical record with a given event id, as a source re-publishing after a crash would. */
    private void publish(String entity, String key, String eventId, String record) {
        producer.send("kamelet:omnihub-events-sink", exchange -> {
            exchange.getMessage().setHeaders(Map.of(CloudEvents.ENTITY, entity, CloudEvents.KEY, key,
                    CloudEvents.SOURCE, "/it/stock", CloudEvents.EVENT_ID, eventId));
            exchange.getMessage().setBody(record.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            exchange.setProperty("correlationId", UUID.randomUUID().toString());
        });
    }

    private static String newSku(String kind) {
        return kind + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    private void awaitAvailable(String channel, String sku, String location, int expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(expected).equals(available(channel, sku, location)));
    }

    private Integer available(String channel, String sku, String location) {
        List<Integer> found = jdbc.queryForList("SELECT available FROM channel_availability WHERE channel = ? AND sku = ? AND location_id = ?",
                Integer.class, channel, sku, location);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The order's open reservations, "sku@location" to units. */
    private Map<String, Integer> held(String order) {
        Map<String, Integer> held = new java.util.HashMap<>();
        jdbc.query("SELECT sku, location_id, quantity FROM stock_reservation WHERE order_id = ? AND status = 'OPEN'",
                rs -> {
                    held.put(rs.getString(1) + "@" + rs.getString(2), rs.getInt(3));
                }, order);
        return held;
    }

    private String outcome(String eventId) {
        List<String> found = jdbc.queryForList("SELECT outcome FROM stock_event WHERE event_id = ?", String.class, eventId);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The last published availability per record id of the SKU; each record must be a whole CloudEvent of its own. */
    private Map<String, Integer> lastPublished(String sku) throws Exception {
        Map<String, Integer> last = new java.util.HashMap<>();
        for (var record : EventTopicReader.readAll(bootstrapServers, "omnihub.availability.v1")) {
            JsonNode availability = JSON.readTree(record.value());
            if (sku.equals(availability.get("sku").asText())) {
                var event = KafkaMessageFactory.createReader(record).toEvent();
                assertThat(event.getSubject()).as("CloudEvent subject of " + record.key()).isEqualTo(record.key());
                assertThat(event.getType()).isEqualTo("io.omnihub.availability.v1");
                last.put(record.key(), availability.get("available").asInt());
            }
        }
        return last;
    }
}
