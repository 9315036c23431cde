package io.omnihub.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.ReferenceRetailer.Variant;
import io.omnihub.sandbox.bol.BolSandbox;
import io.omnihub.sandbox.erp.ErpSandbox;
import io.omnihub.sandbox.shopify.ShopifySandbox;
import io.omnihub.sandbox.square.SquareSandbox;
import io.omnihub.support.DefaultRunHub;
import io.omnihub.support.HubIntegrationTest;
import io.omnihub.support.SandboxAdmin;

/**
 * One stock position across every channel, end to end on the default run's wiring: a change enters
 * through a real source (an ERP staging row, a Shopify order webhook, Square till webhooks), crosses
 * the inbox, Kafka and the stock core, and ends as exact numbers in the hub (positions and channel
 * availability, read over its lineage endpoint), in the Shopify sandbox (available per location)
 * and in the bol.com sandbox (offer stock). Channels as in mappings/channels.yaml: Shopify per
 * location (DC-NL and the three stores), bol.com from DC-NL, UTR-01 and AMS-01 keeping 1 back,
 * the tills per store. Each test takes SKUs of the reference retailer no other test here touches.
 */
class OneStockPositionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SHOPIFY_LOCATIONS = List.of("DC-NL", "UTR-01", "AMS-01", "RTM-01");
    private static final List<String> BOL_LOCATIONS = List.of("DC-NL", "UTR-01", "AMS-01");
    private static final List<String> STORES = List.of("UTR-01", "AMS-01", "RTM-01");
    private static final String SQUARE_SOURCE = "/omnihub/webhooks/square/outdoor-nl";
    /** Outbound delivery is paced by the platforms' rate limits, and the seed's 475 SKUs go first. */
    private static final Duration DELIVERED = Duration.ofMinutes(3);

    private static DefaultRunHub hub;
    private static JdbcTemplate jdbc;
    private static ReferenceRetailer retailer;
    private static SandboxAdmin shopify;
    private static SandboxAdmin bol;
    private static SandboxAdmin square;
    private static SandboxAdmin erp;
    private static final Set<String> taken = new HashSet<>();

    @BeforeAll
    static void startHub() {
        hub = DefaultRunHub.start("one-stock", "--omnihub.erp.poll-period=200ms",
                // a bol.com order and its cancellation are polled within a second
                "--omnihub.bol.orders.poll-period=500ms",
                "--spring.profiles.active=" + HubIntegrationTest.FREQUENT_BOL_ORDER_READS);
        jdbc = hub.bean(JdbcTemplate.class);
        retailer = hub.bean(ReferenceRetailer.class);
        shopify = new SandboxAdmin(hub.bean(ShopifySandbox.class).baseUrl());
        bol = new SandboxAdmin(hub.bean(BolSandbox.class).baseUrl());
        square = new SandboxAdmin(hub.bean(SquareSandbox.class).baseUrl());
        erp = new SandboxAdmin(hub.bean(ErpSandbox.class).baseUrl());
    }

    @AfterAll
    static void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void anErpStockBookingReachesTheWebShopAndTheMarketplace() throws Exception {
        Variant item = take(v -> v.onHand().get("AMS-01") >= 3);
        Map<String, Integer> onHand = openingStock(item);

        erp.post("/_sandbox/stock-bookings", booking(item, "DC-NL", "RECEIPT", 5));
        erp.post("/_sandbox/stock-bookings", booking(item, "AMS-01", "SALE", -2));
        onHand.merge("DC-NL", 5, Integer::sum);
        onHand.merge("AMS-01", -2, Integer::sum);

        assertEverywhere(item, onHand, onHand);
    }

    @Test
    void aShopifyOrderReservesStockAndItsCancellationGivesItBack() throws Exception {
        Variant item = take(v -> v.onHand().get("DC-NL") >= 5);
        Map<String, Integer> onHand = openingStock(item);

        String orderId = homeDelivery(item, 3);
        // reserved at the warehouse, which Shopify and every channel shipping from it sell 3 fewer of
        Map<String, Integer> free = new LinkedHashMap<>(onHand);
        free.merge("DC-NL", -3, Integer::sum);
        assertEverywhere(item, onHand, free);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stock_reservation WHERE sku = ? AND status = 'OPEN' AND quantity = 3"
                + " AND location_id = 'DC-NL' AND channel = 'webshop-shopify'", Integer.class, item.sku())).isEqualTo(1);

        shopify.post("/_sandbox/orders/" + orderId + "/cancel", "");
        assertEverywhere(item, onHand, onHand);
        assertThat(jdbc.queryForList("SELECT status FROM stock_reservation WHERE sku = ?", String.class, item.sku()))
                .containsExactly("RELEASED");
    }

    @Test
    void aShopifyOrderFulfilledInPartsHoldsOnlyWhatIsStillToShip() throws Exception {
        Variant item = take(v -> v.onHand().get("DC-NL") >= 5);
        Map<String, Integer> onHand = openingStock(item);
        String orderId = homeDelivery(item, 3);
        Map<String, Integer> free = new LinkedHashMap<>(onHand);
        free.merge("DC-NL", -3, Integer::sum);
        assertEverywhere(item, onHand, free);

        // one parcel with 1 unit leaves the warehouse (orders/updated), and the ERP books it out: on hand
        // goes down by 1 and the order holds 2, so every channel still sells 3 fewer than before the order
        shopify.post("/_sandbox/orders/" + orderId + "/fulfil", """
                {"lines": [{"sku": "%s", "quantity": 1}]}""".formatted(item.sku()));
        erp.post("/_sandbox/stock-bookings", booking(item, "DC-NL", "SALE", -1));
        onHand.merge("DC-NL", -1, Integer::sum);
        assertEverywhere(item, onHand, free);
        assertThat(jdbc.queryForObject("SELECT quantity FROM stock_reservation WHERE sku = ? AND status = 'OPEN'",
                Integer.class, item.sku())).isEqualTo(2);

        // the rest: the order is completed and holds nothing, the units are off the books
        shopify.post("/_sandbox/orders/" + orderId + "/fulfil", "");
        erp.post("/_sandbox/stock-bookings", booking(item, "DC-NL", "SALE", -2));
        onHand.merge("DC-NL", -2, Integer::sum);
        assertEverywhere(item, onHand, free);
        assertThat(jdbc.queryForList("SELECT status FROM stock_reservation WHERE sku = ?", String.class, item.sku()))
                .containsExactly("RELEASED");
    }

    @Test
    void aBolOrderReservesStockAndItsCancellationOnBolGivesItBack() throws Exception {
        Variant item = take(v -> v.onHand().get("DC-NL") >= 5);
        Map<String, Integer> onHand = openingStock(item);

        // a customer buys 2 on bol.com; the poller takes the order, reserved at the warehouse
        String orderId = JSON.readTree(bol.post("/_sandbox/orders", """
                {"items": [{"ean": "%s", "quantity": 2}]}""".formatted(item.ean()))).path("orderId").asText();
        Map<String, Integer> free = new LinkedHashMap<>(onHand);
        free.merge("DC-NL", -2, Integer::sum);
        assertEverywhere(item, onHand, free);

        // bol.com cancels it: the next poll reads it again, and every channel may sell the 2 again
        bol.post("/_sandbox/orders/" + orderId + "/cancel", "");
        assertEverywhere(item, onHand, onHand);
        assertThat(jdbc.queryForList("SELECT status FROM stock_reservation WHERE sku = ?", String.class, item.sku()))
                .containsExactly("RELEASED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM bol_open_order WHERE order_id = ?", Integer.class, orderId))
                .as("no longer tracked").isZero();
    }

    @Test
    void duplicateAndOutOfOrderTillWebhooksEndAsCleanDeliveryDoes() throws Exception {
        Variant clean = take(v -> v.onHand().get("UTR-01") >= 6);
        Variant faulty = take(v -> v.onHand().get("UTR-01") >= 6);
        Map<String, Integer> cleanStock = openingStock(clean);
        Map<String, Integer> faultyStock = openingStock(faulty);

        sell(clean, "UTR-01", 5);
        // the first sale's two webhooks (order.created, inventory.count.updated) twice, the first three
        // sales' six held and sent newest first; then two sales whose webhooks all come twice
        square.webhookFaults(0, 2, 6);
        sell(faulty, "UTR-01", 3);
        square.webhookFaults(0, 4, 0);
        sell(faulty, "UTR-01", 2);
        cleanStock.merge("UTR-01", -5, Integer::sum);
        faultyStock.merge("UTR-01", -5, Integer::sum);

        assertEverywhere(clean, cleanStock, cleanStock);
        assertEverywhere(faulty, faultyStock, faultyStock);

        // the faults did happen: the till's counts arrived out of order, some twice, and were taken once each
        List<Map<String, Object>> counts = jdbc.queryForList("""
                SELECT event_id, occurred_at FROM webhook_inbox
                WHERE system = 'square' AND topic = 'inventory.count.updated' AND body LIKE ? ORDER BY id""",
                "%" + faulty.squareVariationId() + "%");
        assertThat(counts).as("one inbox row per sale").hasSize(5);
        List<Object> arrival = counts.stream().map(r -> r.get("occurred_at")).toList();
        assertThat(arrival).as("received out of order").isNotEqualTo(arrival.stream().sorted().toList());
        Set<String> eventIds = new HashSet<>(counts.stream().map(r -> (String) r.get("event_id")).toList());
        long delivered = 0;
        for (JsonNode delivery : square.get("/_sandbox/webhooks")) {
            if (eventIds.contains(delivery.get("eventId").asText()) && delivery.get("status").asInt() / 100 == 2) {
                delivered++;
            }
        }
        assertThat(delivered).as("count webhooks the hub acknowledged, duplicates included").isGreaterThan(5);
    }

    /**
     * The stock core stopped in the middle of a stream of till sales and started again: it goes on
     * from its committed offsets, and the end state is the one every sale accounts for. A route stop,
     * not a process kill: the sandboxes run in the hub's process and would lose their state with it;
     * WebhookCrashIT kills the whole hub (SIGKILL) and proves the inbox loses nothing.
     */
    @Test
    void theStockCoreStoppedMidStreamEndsAsIfItHadNotBeen() throws Exception {
        List<Variant> items = List.of(take(this::threeInEveryStore), take(this::threeInEveryStore), take(this::threeInEveryStore));
        Map<Variant, Map<String, Integer>> stock = new LinkedHashMap<>();
        List<String[]> sales = new ArrayList<>();
        for (Variant item : items) {
            stock.put(item, openingStock(item));
            for (String store : STORES) {
                for (int i = 0; i < 3; i++) {
                    sales.add(new String[] {item.sku(), store});
                }
                stock.get(item).merge(store, -3, Integer::sum);
            }
        }
        Collections.shuffle(sales, new Random(7));
        List<String> records = items.stream().flatMap(v -> STORES.stream().map(s -> v.sku() + "@" + s)).toList();

        CamelContext camel = hub.bean(CamelContext.class);
        ExecutorService till = Executors.newSingleThreadExecutor();
        try {
            Future<?> selling = till.submit(() -> {
                for (String[] sale : sales) {
                    square.post("/_sandbox/sales", "{\"location\": \"%s\", \"sku\": \"%s\"}".formatted(sale[1], sale[0]));
                    pause(100);
                }
                return null;
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> appliedTillEvents(records) >= 5);
            camel.getRouteController().stopRoute("stock-core");
            int appliedWhenStopped = appliedTillEvents(records);
            selling.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> tillEvents(records).size() == sales.size());
            assertThat(appliedTillEvents(records)).as("nothing applied while stopped").isEqualTo(appliedWhenStopped)
                    .isLessThan(sales.size());
            camel.getRouteController().startRoute("stock-core");
        } finally {
            till.shutdownNow();
        }

        for (Variant item : items) {
            assertEverywhere(item, stock.get(item), stock.get(item));
        }
        List<String> stored = tillEvents(records);
        assertThat(stored).hasSize(sales.size()).doesNotHaveDuplicates();
        assertThat(jdbc.queryForList("SELECT event_id FROM stock_event WHERE record_id IN (" + marks(records) + ")",
                String.class, records.toArray())).as("every till event in the stock core, once").containsAll(stored)
                .doesNotHaveDuplicates();
    }

    private boolean threeInEveryStore(Variant v) {
        return STORES.stream().allMatch(s -> v.onHand().get(s) >= 3);
    }

    /** A variant no other test of this class uses, as the catalogue has it (the first few are the README's and DemoIT's). */
    private static synchronized Variant take(Predicate<Variant> fits) {
        List<Variant> variants = retailer.variants();
        Variant found = variants.subList(10, variants.size()).stream()
                .filter(v -> !v.sku().startsWith("SOCK-") && !taken.contains(v.sku()) && fits.test(v))
                .findFirst().orElseThrow();
        taken.add(found.sku());
        return found;
    }

    /**
     * Waits until the hub has applied the item's opening stock (the seed's counts and the ERP's) and
     * answers it per location, to change.
     */
    private static Map<String, Integer> openingStock(Variant item) throws Exception {
        HubIntegrationTest.awaitQuiet(jdbc);
        await().atMost(Duration.ofMinutes(2)).until(() -> jdbc.queryForObject("""
                SELECT COUNT(*) FROM ingested_event e JOIN stock_event s ON s.event_id = e.event_id
                WHERE e.entity = 'inventory-level' AND e.entity_id LIKE ? AND e.source LIKE '/omnihub/sandbox/seed-%'""",
                Integer.class, item.sku() + "@%") == item.onHand().size());
        Map<String, Integer> onHand = new LinkedHashMap<>(item.onHand());
        assertThat(positions(item)).isEqualTo(onHand);
        return onHand;
    }

    /**
     * The hub holds {@code onHand}, and every channel sells what is free ({@code free}: on hand less
     * reservations): the hub's availability, Shopify's available per location, bol.com's offer stock.
     */
    private static void assertEverywhere(Variant item, Map<String, Integer> onHand, Map<String, Integer> free) {
        int bolAvailable = Math.max(0, BOL_LOCATIONS.stream().mapToInt(free::get).sum() - 1); // 1 kept back
        Map<String, Integer> expected = new LinkedHashMap<>();
        SHOPIFY_LOCATIONS.forEach(l -> expected.put("webshop-shopify@" + l, free.get(l)));
        expected.put("marketplace-bol", bolAvailable);
        STORES.forEach(l -> expected.put("store@" + l, free.get(l)));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(positions(item)).as("on hand in the hub").isEqualTo(onHand);
            assertThat(availability(item)).as("availability in the hub").isEqualTo(expected);
        });
        Map<String, Integer> shopifyExpected = SHOPIFY_LOCATIONS.stream()
                .collect(LinkedHashMap::new, (m, l) -> m.put(l, free.get(l)), Map::putAll);
        await().atMost(DELIVERED).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            // Shopify moves available itself when an order comes in, so it can hold the right figure
            // before the hub's own write lands: first the hub must have settled its delivery
            assertThat(shopifySettled(item)).as("the hub's Shopify delivery, settled").isEqualTo(shopifyExpected);
            assertThat(shopifyAvailable(item)).as("Shopify available per location").isEqualTo(shopifyExpected);
            assertThat(bol.get("/_sandbox/offers/" + item.bolOfferId()).at("/stock/amount").asInt())
                    .as("bol.com offer stock").isEqualTo(Math.min(999, bolAvailable));
        });
    }

    /** On hand per location, as the hub's lineage endpoint tells it. */
    private static Map<String, Integer> positions(Variant item) throws Exception {
        Map<String, Integer> positions = new LinkedHashMap<>();
        for (JsonNode position : lineage(item).get("positions")) {
            positions.put(position.get("location_id").asText(), position.get("on_hand").asInt());
        }
        return positions;
    }

    /** What each channel may sell, "channel@location" for per-location channels. */
    private static Map<String, Integer> availability(Variant item) throws Exception {
        Map<String, Integer> found = new LinkedHashMap<>();
        for (JsonNode a : lineage(item).get("availability")) {
            String location = a.path("location_id").asText("");
            found.put(a.get("channel").asText() + (location.isEmpty() ? "" : "@" + location), a.get("available").asInt());
        }
        return found;
    }

    private static JsonNode lineage(Variant item) throws Exception {
        var response = hub.client().get("/api/stock/skus/" + item.sku());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Per location, the figure the hub delivered to Shopify and holds in step (wanted = acknowledged, nothing due). */
    private static Map<String, Integer> shopifySettled(Variant item) {
        Map<String, Integer> settled = new LinkedHashMap<>();
        jdbc.query("""
                SELECT location_id, acked_quantity FROM outbound_position
                WHERE target LIKE 'shopify/%' AND sku = ? AND due_at IS NULL AND lease_owner IS NULL
                  AND acked_quantity = wanted_quantity""", rs -> {
            settled.put(rs.getString(1), rs.getInt(2));
        }, item.sku());
        return settled;
    }

    private static Map<String, Integer> shopifyAvailable(Variant item) {
        Map<String, Integer> available = new LinkedHashMap<>();
        JsonNode levels = shopify.get("/_sandbox/inventory-levels?sku=" + item.sku());
        for (String location : SHOPIFY_LOCATIONS) {
            for (JsonNode level : levels) {
                if (location.equals(level.get("location").asText())) {
                    available.put(location, level.at("/quantities/available").asInt());
                }
            }
        }
        return available;
    }

    /** A web-shop order of {@code units} for home delivery, placed in the Shopify sandbox; answers its id. */
    private static String homeDelivery(Variant item, int units) throws Exception {
        return JSON.readTree(shopify.post("/_sandbox/orders", """
                {"lines": [{"sku": "%s", "quantity": %d}], "email": "klant@example.nl"}""".formatted(item.sku(), units)))
                .get("id").asText();
    }

    private static String booking(Variant item, String location, String type, int quantity) {
        return """
                {"sku": "%s", "location": "%s", "type": "%s", "quantity": %d}""".formatted(item.sku(), location, type, quantity);
    }

    /** Rings up {@code count} sales of one unit at a store's till, a few milliseconds apart (Square's clock has milliseconds). */
    private static void sell(Variant item, String store, int count) {
        for (int i = 0; i < count; i++) {
            square.post("/_sandbox/sales", "{\"location\": \"%s\", \"sku\": \"%s\"}".formatted(store, item.sku()));
            pause(5);
        }
    }

    /** The stored canonical events the tills' webhooks gave for these records. */
    private static List<String> tillEvents(List<String> records) {
        List<Object> args = new ArrayList<>(records);
        args.add(SQUARE_SOURCE);
        return jdbc.queryForList("SELECT event_id FROM ingested_event WHERE entity = 'inventory-level' AND entity_id IN ("
                + marks(records) + ") AND source = ?", String.class, args.toArray());
    }

    private static int appliedTillEvents(List<String> records) {
        List<Object> args = new ArrayList<>(records);
        args.add(SQUARE_SOURCE);
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM ingested_event e JOIN stock_event s ON s.event_id = e.event_id
                WHERE e.entity = 'inventory-level' AND e.entity_id IN (""" + marks(records) + ") AND e.source = ?",
                Integer.class, args.toArray());
    }

    private static String marks(List<String> values) {
        return String.join(",", Collections.nCopies(values.size(), "?"));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
