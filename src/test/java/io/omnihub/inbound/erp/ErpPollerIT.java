package io.omnihub.inbound.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import io.omnihub.support.EventTopicReader;
import io.omnihub.support.HubIntegrationTest;

/**
 * The ERP pollers inside the hub, on its database (H2 here, PostgreSQL in .ci/run) and its Kafka:
 * rows a test writes into the ERP's staging tables become canonical events once and end DONE, bad
 * rows end ERROR with the column and value while the rows around them go through, and duplicates,
 * stale versions, backlogs and concurrent pollers hand nothing off twice. The sandbox's seed rows are
 * handed off too; every assertion is about rows this test wrote.
 */
class ErpPollerIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEVELS = "omnihub.inventory-level.v1";
    private static final Duration HANDED_OFF = Duration.ofSeconds(60);

    @Autowired
    CamelContext camel;

    @Autowired
    MeterRegistry meters;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void goodRowsArePublishedOnceAndBadRowsBetweenThemEndErrorNamingTheColumnAndValue() throws Exception {
        String sku = sku();
        double errorsBefore = rowCount("stock_booking_out", "error");
        long good = insertStock(sku, "VST-020", 1, "6");
        long unknownWarehouse = insertStock(sku, "XX-99", 1, "3");
        long brokenQuantity = insertStock(sku, "VST-010", 1, "2.5");
        long belowZero = insertStock(sku, "DC-01", 1, "-1");

        awaitHandedOff("stock_booking_out", good, unknownWarehouse, brokenQuantity, belowZero);

        assertThat(row("stock_booking_out", good)).containsEntry("status", "DONE").containsEntry("error_message", null);
        assertThat(row("stock_booking_out", belowZero)).containsEntry("status", "DONE");
        assertThat(row("stock_booking_out", unknownWarehouse)).containsEntry("status", "ERROR")
                .extractingByKey("error_message").asString()
                .contains("Column warehouse_code: unknown ERP warehouse 'XX-99'");
        assertThat(row("stock_booking_out", brokenQuantity)).containsEntry("status", "ERROR")
                .extractingByKey("error_message").asString()
                .contains("Column qty_on_hand: 2.5").contains("is not a whole number of units");

        ErpRowKey key = new ErpRowKey("stock_booking_out", "erp", sku + "/VST-020", 1);
        List<ConsumerRecord<String, byte[]>> events = events(LEVELS, sku + "@UTR-01");
        assertThat(events).hasSize(1);
        ConsumerRecord<String, byte[]> event = events.get(0);
        assertThat(header(event, "ce_id")).isEqualTo(key.eventId());
        assertThat(header(event, "ce_source")).isEqualTo("/omnihub/erp/stock_booking_out");
        assertThat(header(event, "ce_correlationid")).isEqualTo(key.correlationId());
        JsonNode level = JSON.readTree(event.value());
        assertThat(level.path("onHand").asInt()).isEqualTo(6);
        assertThat(level.path("lastSourceSequence").asInt()).isEqualTo(1);
        assertThat(events(LEVELS, sku + "@DC-NL")).hasSize(1);
        assertThat(JSON.readTree(events(LEVELS, sku + "@DC-NL").get(0).value()).path("onHand").asInt()).isEqualTo(-1);
        assertThat(rowCount("stock_booking_out", "error")).isGreaterThanOrEqualTo(errorsBefore + 2);

        // the history: the hand-off and the event it became, by table, external id (with its slash) and version
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode history = JSON.readTree(get("/api/inbound/erp/stock_booking_out/" + sku + "/VST-020/1").body());
            assertThat(history.path("correlationId").asText()).isEqualTo(key.correlationId());
            assertThat(history.path("handoff").path("outcome").asText()).isEqualTo("PUBLISHED");
            assertThat(history.path("handoff").path("row_id").asLong()).isEqualTo(good);
            // the booking's own event first, then what the stock core derived from it (same correlation id)
            assertThat(history.path("events").findValuesAsText("entity").stream().filter("inventory-level"::equals)).hasSize(1);
            assertThat(history.path("events").get(0).path("event_id").asText()).isEqualTo(key.eventId());
        });
        JsonNode refused = JSON.readTree(get("/api/inbound/erp/stock_booking_out/" + sku + "/XX-99/1").body());
        assertThat(refused.path("handoff").path("outcome").asText()).isEqualTo("ERROR");
        assertThat(refused.path("handoff").path("reason").asText()).contains("unknown ERP warehouse 'XX-99'");
        assertThat(refused.path("events")).isEmpty();
        assertThat(get("/api/inbound/erp/stock_booking_out/" + sku + "/VST-020/2").statusCode()).isEqualTo(404);
        assertThat(get("/api/inbound/erp/stock_booking_out/" + sku + "/VST-020/two").statusCode()).isEqualTo(400);
    }

    @Test
    void aVersionDeliveredAgainIsMarkedDoneWithoutASecondEventAndAFixedErrorRowIsPublished() {
        String sku = sku();
        long row = insertStock(sku, "VST-030", 1, "4");
        long misbooked = insertStock(sku, "XX-01", 1, "2");
        awaitHandedOff("stock_booking_out", row, misbooked);
        assertThat(row("stock_booking_out", misbooked)).containsEntry("status", "ERROR");

        // the ERP sends the same version again; and fixes the booking and sends it again
        jdbc.update("UPDATE erp.stock_booking_out SET status = 'NEW' WHERE id = ?", row);
        jdbc.update("UPDATE erp.stock_booking_out SET warehouse_code = 'VST-010', status = 'NEW' WHERE id = ?", misbooked);
        awaitHandedOff("stock_booking_out", row, misbooked);

        assertThat(row("stock_booking_out", row)).containsEntry("status", "DONE")
                .extractingByKey("error_message").asString().startsWith("Duplicate: version 1 was handed off before (PUBLISHED");
        assertThat(events(LEVELS, sku + "@RTM-01")).as("one event, however often the row comes").hasSize(1);
        assertThat(handoff("stock_booking_out", sku + "/VST-030", 1))
                .containsEntry("outcome", "PUBLISHED").containsEntry("deliveries", 2);

        assertThat(row("stock_booking_out", misbooked)).containsEntry("status", "DONE").containsEntry("error_message", null);
        assertThat(events(LEVELS, sku + "@AMS-01")).hasSize(1);
        assertThat(handoff("stock_booking_out", sku + "/XX-01", 1))
                .containsEntry("outcome", "PUBLISHED").containsEntry("deliveries", 2).containsEntry("reason", null);
    }

    @Test
    void aBatchThatFailsAfterPublishingStaysNewAndItsEventIsPublishedAgainWithTheSameIdAndStoredOnce() {
        String sku = sku();
        ErpRowKey key = new ErpRowKey("stock_booking_out", "erp", sku + "/VST-020", 1);
        // the hand-off record of this row cannot be written: each poll publishes, then the batch rolls back,
        // as if the hub stopped between Kafka's acknowledgement and the commit
        jdbc.execute("ALTER TABLE erp_handoff ADD CONSTRAINT ck_it_fails_after_publish CHECK (external_id <> '"
                + key.externalId() + "')");
        long row;
        try {
            row = insertStock(sku, "VST-020", 1, "5");
            await().atMost(Duration.ofSeconds(30)).until(() -> events(LEVELS, sku + "@UTR-01").size() >= 2);
            assertThat(row("stock_booking_out", row)).containsEntry("status", "NEW");
        } finally {
            jdbc.execute("ALTER TABLE erp_handoff DROP CONSTRAINT ck_it_fails_after_publish");
        }
        awaitHandedOff("stock_booking_out", row);

        assertThat(row("stock_booking_out", row)).containsEntry("status", "DONE");
        assertThat(events(LEVELS, sku + "@UTR-01")).as("every attempt carried the same event id")
                .allMatch(e -> key.eventId().equals(header(e, "ce_id")));
        assertThat(handoff("stock_booking_out", key.externalId(), 1)).containsEntry("outcome", "PUBLISHED")
                .containsEntry("deliveries", 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT COUNT(*) FROM ingested_event WHERE event_id = ?", Integer.class, key.eventId()))
                .as("stored once").isEqualTo(1));
    }

    @Test
    void anOlderVersionArrivingAfterANewerOneNeverMovesTheStockBack() throws Exception {
        String sku = sku();
        long newer = insertStock(sku, "VST-020", 2, "5");
        awaitHandedOff("stock_booking_out", newer);
        long older = insertStock(sku, "VST-020", 1, "9");
        long newest = insertStock(sku, "VST-020", 3, "7");
        awaitHandedOff("stock_booking_out", older, newest);

        assertThat(row("stock_booking_out", older)).containsEntry("status", "DONE")
                .extractingByKey("error_message").asString().startsWith("Stale: version 1 is older than version 2");
        assertThat(handoff("stock_booking_out", sku + "/VST-020", 1)).containsEntry("outcome", "STALE").containsEntry("event_id", null);
        List<ConsumerRecord<String, byte[]>> events = events(LEVELS, sku + "@UTR-01");
        assertThat(events).hasSize(2);
        assertThat(events.stream().map(e -> onHand(e.value())).toList()).containsExactlyInAnyOrder(5, 7);
    }

    @Test
    void aBacklogLargerThanABatchIsHandedOffInBatchesOfAtMostBatchSize() {
        String sku = sku();
        List<Long> ids = insertStockRows(sku, 250);

        awaitHandedOff("stock_booking_out", ids.stream().mapToLong(Long::longValue).toArray());

        // CURRENT_TIMESTAMP is the transaction's start on H2 and PostgreSQL alike: one value per batch
        Map<Object, Long> perBatch = jdbc.queryForList("SELECT updated_at FROM erp.stock_booking_out WHERE item_no LIKE ?",
                Object.class, sku + "%").stream().collect(Collectors.groupingBy(at -> at, Collectors.counting()));
        assertThat(perBatch.values()).allMatch(rows -> rows <= 100);
        assertThat(perBatch).hasSizeGreaterThanOrEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM erp_handoff WHERE table_name = 'stock_booking_out' "
                + "AND external_id LIKE ? AND outcome = 'PUBLISHED' AND deliveries = 1", Integer.class, sku + "%")).isEqualTo(250);
    }

    @Test
    void twoPollersSideBySideNeverHandOffTheSameRowTwice() throws Exception {
        String sku = sku();
        List<String> pollers = List.of("it-erp-poller-a", "it-erp-poller-b");
        // only these two claim stock rows meanwhile; the hub's own poller waits
        camel.getRouteController().stopRoute("erp-stock-bookings-poller");
        try {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    for (int i = 0; i < pollers.size(); i++) {
                        // kamelet:<template>/<route id>: the Kamelet's own route (the poller) gets an id this test
                        // can remove; batch sizes of their own, as Camel takes one consumer per endpoint URI
                        from("kamelet:erp-jdbc-source/" + pollers.get(i) + "-poller?table=stock_booking_out"
                                + "&mapping=erp/stock-row.in&batchSize=" + (7 + i) + "&period=20ms&initialDelay=0"
                                + "&columns=RAW(item_no, warehouse_code, qty_on_hand, CAST(booked_at AS VARCHAR(19)) AS booked_at)")
                                .routeId(pollers.get(i))
                                .to("kamelet:omnihub-events-sink");
                    }
                }
            });
            List<Long> ids = insertStockRows(sku, 300);
            awaitHandedOff("stock_booking_out", ids.stream().mapToLong(Long::longValue).toArray());

            assertThat(jdbc.queryForList("SELECT deliveries FROM erp_handoff WHERE table_name = 'stock_booking_out' "
                    + "AND external_id LIKE ?", Integer.class, sku + "%")).hasSize(300).containsOnly(1);
            List<ConsumerRecord<String, byte[]>> events = EventTopicReader.readAll(bootstrapServers, LEVELS).stream()
                    .filter(e -> e.key().startsWith(sku)).toList();
            assertThat(events).hasSize(300);
            assertThat(events.stream().map(e -> header(e, "ce_id")).distinct()).hasSize(300);
            ManagedCamelContext managed = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
            for (String poller : pollers) {
                assertThat(managed.getManagedRoute(poller).getExchangesCompleted()).as(poller + " handed off rows").isPositive();
            }
        } finally {
            for (String poller : pollers) {
                for (String route : List.of(poller + "-poller", poller)) {
                    if (camel.getRoute(route) != null) {
                        camel.getRouteController().stopRoute(route);
                        camel.removeRoute(route);
                    }
                }
            }
            camel.getRouteController().startRoute("erp-stock-bookings-poller");
        }
    }

    @Test
    void itemAndPriceRowsBecomeProductsAndPricesAndBadOnesEndErrorNamingTheColumn() throws Exception {
        String sku = sku();
        long item = insertItem(sku, "8712345009991");
        long badEan = insertItem(sku + "-X", "87123-45");
        long price = insertPrice(sku, "24.50", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 31));
        long negative = insertPrice(sku + "-X", "-1.00", LocalDate.of(2026, 11, 1), null);
        long endsBeforeItStarts = insertPrice(sku + "-Y", "3.00", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 10, 1));

        awaitHandedOff("item_out", item, badEan);
        awaitHandedOff("price_out", price, negative, endsBeforeItStarts);

        assertThat(row("item_out", item)).containsEntry("status", "DONE");
        assertThat(row("item_out", badEan)).containsEntry("status", "ERROR").extractingByKey("error_message").asString()
                .contains("Column ean: '87123-45' is not a GTIN");
        assertThat(row("price_out", price)).containsEntry("status", "DONE");
        assertThat(row("price_out", negative)).containsEntry("status", "ERROR").extractingByKey("error_message").asString()
                .contains("Column amount: -1.00 is below 0");
        assertThat(row("price_out", endsBeforeItStarts)).containsEntry("status", "ERROR").extractingByKey("error_message")
                .asString().contains("Column valid_to: 2026-10-01 is before valid_from 2026-11-01");

        JsonNode product = JSON.readTree(events("omnihub.product.v1", sku).get(0).value());
        assertThat(product.path("variants").get(0).path("gtin").asText()).isEqualTo("8712345009991");
        assertThat(product.path("productCode").asText()).isEqualTo("IT-STYLE");
        List<ConsumerRecord<String, byte[]>> prices = events("omnihub.price.v1", sku + "@erp");
        assertThat(prices).hasSize(1);
        JsonNode listPrice = JSON.readTree(prices.get(0).value());
        assertThat(listPrice.path("unitPrice").path("amount").asText()).isEqualTo("24.50");
        assertThat(listPrice.path("effectiveTo").asText()).isEqualTo("2026-12-31T23:00:00Z");
        assertThat(events("omnihub.product.v1", sku + "-X")).isEmpty();
    }

    private String sku() {
        return "IT-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    private long insertStock(String sku, String warehouse, int version, String onHand) {
        jdbc.update("""
                INSERT INTO erp.stock_booking_out (batch_id, source_system, external_id, row_version, item_no,
                                                   warehouse_code, booking_type, quantity, qty_on_hand, booked_at)
                VALUES ('IT', 'erp', ?, ?, ?, ?, 'COUNT', ?, ?, ?)""",
                sku + "/" + warehouse, version, sku, warehouse, new BigDecimal(onHand).abs(), new BigDecimal(onHand),
                LocalDateTime.of(2026, 11, 23, 10, 0));
        return jdbc.queryForObject("SELECT id FROM erp.stock_booking_out WHERE external_id = ? AND row_version = ?",
                Long.class, sku + "/" + warehouse, version);
    }

    /** Rows for as many SKUs, written in one transaction so a poll finds them all at once. */
    private List<Long> insertStockRows(String sku, int count) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new Object[] {sku + "-" + i + "/VST-020", sku + "-" + i, BigDecimal.valueOf(i), BigDecimal.valueOf(i),
                    LocalDateTime.of(2026, 11, 23, 10, 0)});
        }
        transactions.executeWithoutResult(status -> jdbc.batchUpdate("""
                INSERT INTO erp.stock_booking_out (batch_id, source_system, external_id, row_version, item_no,
                                                   warehouse_code, booking_type, quantity, qty_on_hand, booked_at)
                VALUES ('IT', 'erp', ?, 1, ?, 'VST-020', 'COUNT', ?, ?, ?)""", rows));
        return jdbc.queryForList("SELECT id FROM erp.stock_booking_out WHERE item_no LIKE ? ORDER BY id", Long.class, sku + "-%");
    }

    private long insertItem(String sku, String ean) {
        jdbc.update("""
                INSERT INTO erp.item_out (batch_id, source_system, external_id, row_version, item_no, ean, description,
                                          product_code, vat_rate)
                VALUES ('IT', 'erp', ?, 1, ?, ?, 'Testartikel', 'IT-STYLE', 21)""", sku, sku, ean);
        return jdbc.queryForObject("SELECT id FROM erp.item_out WHERE external_id = ?", Long.class, sku);
    }

    private long insertPrice(String sku, String amount, LocalDate from, LocalDate to) {
        jdbc.update("""
                INSERT INTO erp.price_out (batch_id, source_system, external_id, row_version, item_no, amount, currency,
                                           valid_from, valid_to)
                VALUES ('IT', 'erp', ?, 1, ?, ?, 'EUR', ?, ?)""", sku, sku, new BigDecimal(amount), from, to);
        return jdbc.queryForObject("SELECT id FROM erp.price_out WHERE external_id = ?", Long.class, sku);
    }

    private void awaitHandedOff(String table, long... ids) {
        await().atMost(HANDED_OFF).untilAsserted(() -> {
            for (long id : ids) {
                assertThat(row(table, id).get("status")).as(table + " row " + id).isIn("DONE", "ERROR");
            }
        });
    }

    private Map<String, Object> row(String table, long id) {
        return new HashMap<>(jdbc.queryForMap("SELECT status, error_message FROM erp." + table + " WHERE id = ?", id));
    }

    private Map<String, Object> handoff(String table, String externalId, int version) {
        return new HashMap<>(jdbc.queryForMap("""
                SELECT outcome, reason, event_id, deliveries FROM erp_handoff
                WHERE table_name = ? AND source_system = 'erp' AND external_id = ? AND row_version = ?""",
                table, externalId, version));
    }

    private List<ConsumerRecord<String, byte[]>> events(String topic, String key) {
        return EventTopicReader.readAll(bootstrapServers, topic).stream().filter(e -> key.equals(e.key())).toList();
    }

    private double rowCount(String table, String outcome) {
        var counter = meters.find("omnihub.erp.rows").tags("table", table, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static int onHand(byte[] level) {
        try {
            return JSON.readTree(level).path("onHand").asInt();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
