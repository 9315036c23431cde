package io.omnihub.inbound.bol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import io.omnihub.inbound.bol.BolOrderPoll.ListedOrder;
import io.omnihub.sandbox.bol.BolState;
import io.omnihub.sandbox.bol.BolWire.RetailerOffer;

/**
 * What bol.com does to an order after the hub took it, end to end through the bol sandbox over HTTP,
 * Kafka, the stock core and the database: a cancellation (whole, or some units) is read again at
 * the next poll and frees the reservation, once, however often the poll runs; a shipment completes
 * the order, which frees what it still held and no more; a read again that bol fails keeps the order
 * tracked and held until a later poll reads it, while a new order goes through meanwhile; a partial
 * shipment frees the units shipped and holds the rest.
 */
class BolOrderCancellationIT extends BolOrderPolling {

    @Autowired
    BolOpenOrders openOrders;

    @Test
    void aCancellationBolMakesLaterFreesTheReservationOnceHoweverOftenItIsPolled() throws Exception {
        RetailerOffer offer = offerWithStock(4);
        String sku = offer.reference();
        int bolBefore = available("marketplace-bol", sku);
        int shopBefore = available("webshop-shopify", sku);
        String orderId = placeOrder(offer.ean(), 2, null);

        poll();
        String canonicalId = (String) awaitRecorded(orderId).get("entity_id");
        await().atMost(POLLED).until(() -> reserved(canonicalId) == 2 && available("marketplace-bol", sku) == bolBefore - 2);
        assertThat(tracked(orderId)).isTrue();
        Map<String, Object> asTaken = jdbc.queryForMap("SELECT * FROM bol_open_order WHERE listing = ? AND order_id = ?",
                poll.listing(), orderId);

        admin.post("/_sandbox/orders/" + orderId + "/cancel", "");
        Map<String, Object> cancelled = awaitVersion(orderId, 2);
        assertThat(cancelled.get("outcome")).isEqualTo("PUBLISHED");
        assertThat(payload(cancelled).path("status").asText()).isEqualTo("cancelled");
        await().atMost(POLLED).untilAsserted(() -> {
            assertThat(reserved(canonicalId)).isZero();
            assertThat(available("marketplace-bol", sku)).as("bol.com may sell").isEqualTo(bolBefore);
            assertThat(available("webshop-shopify", sku)).as("the web shop may sell").isEqualTo(shopBefore);
        });
        assertThat(tracked(orderId)).as("a cancelled order is final").isFalse();

        // more polls: the order is not read again
        int reads = admin.calls("/retailer/orders/" + orderId).size();
        awaitPolls(3);
        assertThat(admin.calls("/retailer/orders/" + orderId)).hasSize(reads);

        // tracked as taken again, as after a crash between publishing the cancellation and recording it:
        // read again, the cancelled version is a duplicate
        jdbc.update("""
                INSERT INTO bol_open_order (listing, order_id, record_version, items, placed_at, read_at)
                VALUES (?, ?, ?, ?, ?, ?)""", poll.listing(), orderId, asTaken.get("record_version"), asTaken.get("items"),
                asTaken.get("placed_at"), asTaken.get("read_at"));
        await().atMost(POLLED).until(() -> (Integer) awaitVersion(orderId, 2).get("deliveries") == 2);
        awaitPolls(1);
        assertThat(count("SELECT COUNT(*) FROM ingested_event WHERE entity_id = ?", canonicalId)).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM stock_event WHERE record_id = ?", canonicalId)).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM polled_record WHERE record_id = ?", orderId)).isEqualTo(2);
        assertThat(available("marketplace-bol", sku)).isEqualTo(bolBefore);
        assertThat(tracked(orderId)).isFalse();
    }

    @Test
    void someUnitsCancelledAndTheRestShippedFreeEachUnitOnce() throws Exception {
        Taken taken = take(offerWithStock(5), 3);

        // one unit cancelled: the order stays open with 2, which it still holds
        admin.post("/_sandbox/orders/" + taken.orderId() + "/cancel", """
                {"items": [{"orderItemId": "%s", "quantity": 1}]}""".formatted(taken.itemId()));
        Map<String, Object> fewer = awaitVersion(taken.orderId(), 1);
        assertThat(payload(fewer).path("status").asText()).isEqualTo("confirmed");
        assertThat(payload(fewer).at("/lines/0/quantity").asInt()).isEqualTo(2);
        await().atMost(POLLED).until(() -> holds(taken, 2));
        assertThat(jdbc.queryForObject("SELECT record_version FROM bol_open_order WHERE listing = ? AND order_id = ?",
                Integer.class, poll.listing(), taken.orderId()))
                .isEqualTo(1);

        // the other two shipped: the order is completed, the two units leave the reservation (and on hand with
        // the warehouse's next booking), the order leaves tracking
        bol.state().createShipment(List.of(new BolState.ShipmentLine(taken.itemId(), null)), "it-" + taken.orderId(), null);
        Map<String, Object> completed = awaitVersion(taken.orderId(), 3);
        assertThat(payload(completed).path("status").asText()).isEqualTo("completed");
        await().atMost(POLLED).until(() -> holds(taken, 0));
        assertThat(tracked(taken.orderId())).isFalse();
        awaitPolls(2);
        List<Integer> moves = jdbc.queryForList("""
                SELECT c.after_qty - c.before_qty FROM stock_change c JOIN stock_event e ON e.event_id = c.event_id
                WHERE e.record_id = ? AND c.quantity = 'RESERVED' ORDER BY c.id""", Integer.class, taken.canonicalId());
        assertThat(moves.stream().filter(m -> m > 0).mapToInt(Integer::intValue).sum()).as("units reserved").isEqualTo(3);
        assertThat(moves.stream().filter(m -> m < 0).mapToInt(Integer::intValue).sum()).as("units freed").isEqualTo(-3);
        assertThat(count("SELECT COUNT(*) FROM stock_event WHERE record_id = ?", taken.canonicalId())).isEqualTo(3);
        assertThat(available("marketplace-bol", taken.sku())).as("no unit freed twice").isEqualTo(taken.bolBefore());
    }

    @Test
    void aPartialShipmentFreesTheShippedUnitsAndHoldsTheRest() throws Exception {
        Taken taken = take(offerWithStock(8), 3);

        // one unit shipped: the order is in progress with 3 units, 1 handed over; the other 2 stay held
        bol.state().createShipment(List.of(new BolState.ShipmentLine(taken.itemId(), 1)), "it-part-" + taken.orderId(), null);
        JsonNode part = payload(awaitVersion(taken.orderId(), 1));
        assertThat(part.path("status").asText()).isEqualTo("in-progress");
        assertThat(part.at("/lines/0/quantity").asInt()).isEqualTo(3);
        assertThat(part.at("/lines/0/quantityFulfilled").asInt()).isEqualTo(1);
        await().atMost(POLLED).until(() -> holds(taken, 2));
        assertThat(tracked(taken.orderId())).as("units still open").isTrue();

        // the rest shipped: completed, nothing held, each unit freed once
        bol.state().createShipment(List.of(new BolState.ShipmentLine(taken.itemId(), null)), "it-rest-" + taken.orderId(), null);
        assertThat(payload(awaitVersion(taken.orderId(), 3)).path("status").asText()).isEqualTo("completed");
        await().atMost(POLLED).until(() -> holds(taken, 0));
        assertThat(tracked(taken.orderId())).isFalse();
        awaitPolls(2);
        assertThat(jdbc.queryForList("""
                SELECT c.after_qty - c.before_qty FROM stock_change c JOIN stock_event e ON e.event_id = c.event_id
                WHERE e.record_id = ? AND c.quantity = 'RESERVED' ORDER BY c.id""", Integer.class, taken.canonicalId()))
                .as("3 units reserved, then 1 and 2 freed").containsExactly(3, -1, -2);
        assertThat(available("marketplace-bol", taken.sku())).as("no unit freed twice").isEqualTo(taken.bolBefore());
    }

    @Test
    void anOrderTakenBeforeTrackingBeganIsReadAgainOnceTheUpgradeTracksIt() throws Exception {
        Taken taken = take(offerWithStock(9), 2);

        // as a hub before V11 left it: taken and holding stock, not tracked; bol cancels it meanwhile
        openOrders.forget(poll.listing(), taken.orderId());
        admin.post("/_sandbox/orders/" + taken.orderId() + "/cancel", "");
        awaitPolls(2);
        assertThat(reserved(taken.canonicalId())).as("untracked, the cancellation goes unseen").isEqualTo(2);

        // the upgrade's backfill tracks it, and no order that holds no stock
        List<String> trackedBefore = trackedOrders();
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V12__bol_open_order_backfill.sql"))
                .execute(jdbc.getDataSource());
        List<String> added = new ArrayList<>(trackedOrders());
        added.removeAll(trackedBefore);
        assertThat(added).contains(taken.orderId()).allSatisfy(id -> assertThat(count("""
                SELECT COUNT(*) FROM stock_reservation r JOIN polled_record p ON p.entity_id = r.order_id
                WHERE p.record_id = ? AND r.status = 'OPEN'""", id)).as("order %s holds stock", id).isPositive());

        assertThat(payload(awaitVersion(taken.orderId(), 2)).path("status").asText()).isEqualTo("cancelled");
        await().atMost(POLLED).until(() -> holds(taken, 0));
        assertThat(tracked(taken.orderId())).as("final, forgotten again").isFalse();
    }

    @Test
    void aReadAgainThatBolFailsKeepsTheOrderHeldUntilALaterPollReadsIt() throws Exception {
        RetailerOffer other = offerWithStock(7);
        Taken taken = take(offerWithStock(6), 1);

        // bol answers every read of this order with a 5xx; the list and other orders go through
        admin.faultsOn("/retailer/orders/" + taken.orderId(), 0, 1000);
        admin.post("/_sandbox/orders/" + taken.orderId() + "/cancel", "");
        String next = placeOrder(other.ean(), 1, null);
        await().atMost(POLLED).until(() -> failures(taken.orderId()) >= 1);
        assertThat(jdbc.queryForObject("SELECT last_error FROM bol_open_order WHERE listing = ? AND order_id = ?", String.class,
                poll.listing(), taken.orderId()))
                .startsWith("bol.com could not be read").contains("503");
        assertThat(reserved(taken.canonicalId())).as("still held while bol cannot be read").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM polled_record WHERE record_id = ?", taken.orderId())).isEqualTo(1);
        Map<String, Object> nextRecord = awaitRecorded(next);
        assertThat(nextRecord.get("outcome")).isEqualTo("PUBLISHED");
        await().atMost(POLLED).until(() -> reserved((String) nextRecord.get("entity_id")) == 1);

        // bol is back: a later poll reads the order again and frees its unit
        admin.faults(0, 0, 0);
        assertThat(awaitVersion(taken.orderId(), 1).get("outcome")).isEqualTo("PUBLISHED");
        await().atMost(POLLED).until(() -> reserved(taken.canonicalId()) == 0);
        assertThat(tracked(taken.orderId())).isFalse();
        assertThat(admin.calls("/retailer/orders/" + taken.orderId()).stream().map(c -> c.path("status").asInt()))
                .as("the failed attempts, then the read that went through").contains(503).endsWith(200);
    }

    @Test
    void eachPollReadsAgainAtMostItsLimitTheLongestUnreadFirst() {
        String listing = "it/" + System.nanoTime() + "/orders";
        Instant placed = Instant.parse("2026-11-23T09:00:00Z");
        List<BolOpenOrders.ItemSeen> open = List.of(new BolOpenOrders.ItemSeen("2100000001", 0, "2026-11-23T10:00:00+01:00", true));
        List<String> readInTurn = List.of("9900000004", "9900000003", "9900000001", "9900000002");
        for (int i = 0; i < readInTurn.size(); i++) {
            openOrders.remember(listing, new ListedOrder(readInTurn.get(i), placed), 0, open);
            jdbc.update("UPDATE bol_open_order SET read_at = ? WHERE listing = ? AND order_id = ?",
                    Timestamp.from(placed.plusSeconds(i)), listing, readInTurn.get(i));
        }
        openOrders.failed(listing, "9900000003", "bol.com answered the order read HTTP 503");
        openOrders.remember(listing, new ListedOrder("9900000005", placed), 0,
                List.of(new BolOpenOrders.ItemSeen("2100000005", 0, "2026-11-23T10:00:00+01:00", false)));

        // none listed any more: the three read longest ago, not the one whose read just failed; a final order is not tracked
        assertThat(openOrders.toReread(listing, Map.of(), 3).stream().map(ListedOrder::orderId))
                .containsExactly("9900000004", "9900000001", "9900000002");
        assertThat(openOrders.toReread(listing, Map.of(), 10)).hasSize(4);
    }

    /** An order bol.com took for the offer, as the hub took it: polled, published, its units reserved. */
    private record Taken(String sku, int bolBefore, String orderId, String itemId, String canonicalId) {
    }

    private Taken take(RetailerOffer offer, int units) throws Exception {
        int bolBefore = available("marketplace-bol", offer.reference());
        String orderId = placeOrder(offer.ean(), units, null);
        String itemId = admin.get("/_sandbox/orders/" + orderId).at("/orderItems/0/orderItemId").asText();
        poll();
        String canonicalId = (String) awaitRecorded(orderId).get("entity_id");
        await().atMost(POLLED).until(() -> reserved(canonicalId) == units);
        return new Taken(offer.reference(), bolBefore, orderId, itemId, canonicalId);
    }

    /** The order holds {@code units} and bol.com may sell that many fewer than before it. */
    private boolean holds(Taken taken, int units) {
        return reserved(taken.canonicalId()) == units && available("marketplace-bol", taken.sku()) == taken.bolBefore() - units;
    }

    private List<String> trackedOrders() {
        return jdbc.queryForList("SELECT order_id FROM bol_open_order WHERE listing = ?", String.class, poll.listing());
    }

    private Map<String, Object> awaitVersion(String orderId, int version) {
        await().atMost(POLLED).until(() -> count("SELECT COUNT(*) FROM polled_record WHERE listing = ? AND record_id = ? "
                + "AND record_version = ?", poll.listing(), orderId, version) == 1);
        return jdbc.queryForMap("SELECT * FROM polled_record WHERE listing = ? AND record_id = ? AND record_version = ?",
                poll.listing(), orderId, version);
    }

    /** The canonical order a polled version was published as, once stored from Kafka. */
    private JsonNode payload(Map<String, Object> record) throws Exception {
        await().atMost(POLLED).until(() -> count("SELECT COUNT(*) FROM ingested_event WHERE event_id = ?", record.get("event_id")) == 1);
        return JSON.readTree(jdbc.queryForObject("SELECT payload FROM ingested_event WHERE event_id = ?", String.class,
                record.get("event_id")));
    }

    private boolean tracked(String orderId) {
        return count("SELECT COUNT(*) FROM bol_open_order WHERE listing = ? AND order_id = ?", poll.listing(), orderId) == 1;
    }

    private int failures(String orderId) {
        return count("SELECT COALESCE(MAX(failures), 0) FROM bol_open_order WHERE listing = ? AND order_id = ?",
                poll.listing(), orderId);
    }

    private int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }
}
