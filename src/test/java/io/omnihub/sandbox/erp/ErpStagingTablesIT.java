package io.omnihub.sandbox.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;

import io.omnihub.mapping.Mappings;
import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.erp.ErpStagingTables.OrderRow;
import io.omnihub.support.HubIntegrationTest;

/**
 * The ERP sandbox inside the hub, on the hub's own database: H2 under `./mvnw verify`, PostgreSQL in
 * .ci/run. That database may be shared with other hub contexts whose ERP job runs too, so every
 * assertion is about rows this test wrote, and outcomes are awaited rather than assumed to be ours.
 */
class ErpStagingTablesIT extends HubIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    ErpSandbox erp;

    @Autowired
    ReferenceRetailer retailer;

    @Autowired
    Mappings mappings;

    @Autowired
    ObjectMapper objectMapper;

    @Test
    void theErpTablesLiveInSchemaErpWithTheirOwnMigrationHistory() {
        int variants = retailer.variants().size();
        String seed = "SEED-" + retailer.seed();

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM erp.item_out WHERE batch_id = ?", Integer.class, seed)).isEqualTo(variants);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM erp.price_out WHERE batch_id = ?", Integer.class, seed)).isEqualTo(variants);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM erp.stock_booking_out WHERE batch_id = ?", Integer.class, seed))
                .isEqualTo(variants * retailer.locations().size());
        assertThat(jdbc.queryForList("SELECT script FROM erp.sandbox_schema_history WHERE success", String.class))
                .contains("V1__staging_tables.sql");
        assertThat(jdbc.queryForList("SELECT script FROM flyway_schema_history", String.class))
                .as("the hub's own migrations").isNotEmpty().noneMatch(script -> script.contains("staging"));
    }

    @Test
    void orderRowsTheHubWritesEndDoneOrErrorWithAReason() throws Exception {
        String run = UUID.randomUUID().toString();
        long valid = insertOrder("it-" + run + "-1", "IT-" + run + "-1", "[{\"sku\": \"TR2-LW-GRN\", \"quantity\": 1}]");
        long unknown = insertOrder("it-" + run + "-2", "IT-" + run + "-2", "[{\"sku\": \"NOPE-1\", \"quantity\": 1}]");

        HttpResponse<String> cycle = HTTP.send(HttpRequest.newBuilder(URI.create(erp.baseUrl() + "/_sandbox/job/run"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cycle.statusCode()).isEqualTo(200);

        // another hub context's ERP job on a shared database may have imported them first: same outcome
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(order(valid)).containsEntry("status", "DONE").containsEntry("erp_order_no", String.format("SO-%06d", valid));
            assertThat(order(unknown)).containsEntry("status", "ERROR").containsEntry("error_message", "Line 1: unknown item 'NOPE-1'");
        });
    }

    @Test
    void stockRowsSelectedFromTheHubsDatabaseMapToInventoryLevels() {
        Instant before = Instant.now().minusSeconds(1);
        var booked = erp.tables().book(List.of(new ErpStagingTables.StockBooking("BOOK-WADDEN", "VST-030",
                ErpStagingTables.BookingType.CORRECTION, new BigDecimal("-2"))), "IT-" + UUID.randomUUID()).get(0);

        // by id, whatever its status: the hub's own poller (erp-stock-bookings) may have handed it off already
        Map<String, Object> row = jdbc.queryForMap("""
                SELECT id, external_id, row_version, status, item_no, warehouse_code, qty_on_hand,
                       CAST(booked_at AS VARCHAR(19)) AS booked_at
                FROM erp.stock_booking_out WHERE id = ?""", booked.get("id"));
        JsonNode level = mappings.toCanonical("erp/stock-row.in", objectMapper.valueToTree(row), row.get("id").toString()).get(0);

        assertThat(level.path("id").asText()).isEqualTo("BOOK-WADDEN@RTM-01");
        assertThat(level.path("onHand").decimalValue()).isEqualByComparingTo((BigDecimal) booked.get("qty_on_hand"));
        assertThat(level.path("lastSourceSequence").asInt()).isEqualTo(booked.get("row_version"));
        assertThat(Instant.parse(level.path("updatedAt").asText())).as("local time read back in the ERP's zone")
                .isBetween(before, Instant.now().plusSeconds(1));
    }

    @Test
    void theUniqueKeyRefusesARowVersionWrittenTwice() {
        String externalId = "it-dup-" + UUID.randomUUID();
        insertOrder(externalId, externalId, "[]");

        assertThatThrownBy(() -> insertOrder(externalId, externalId, "[]")).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void twoClaimersNeverClaimTheSameOrderRow() throws Exception {
        Set<Long> ours = new HashSet<>();
        String run = UUID.randomUUID().toString();
        for (int i = 0; i < 100; i++) {
            ours.add(insertOrder("it-claim-" + run + "-" + i, "IT-CLAIM-" + run + "-" + i, "[]"));
        }
        CyclicBarrier start = new CyclicBarrier(2);
        Callable<List<Long>> claimer = () -> {
            var tables = new ErpStagingTables(jdbc.getDataSource(), Clock.systemUTC(), ZoneOffset.UTC);
            start.await();
            List<Long> claimed = new ArrayList<>();
            for (List<OrderRow> batch = tables.claimNewOrders(7); !batch.isEmpty(); batch = tables.claimNewOrders(7)) {
                batch.forEach(o -> claimed.add(o.id()));
            }
            return claimed;
        };
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<List<Long>> a = threads.submit(claimer);
            Future<List<Long>> b = threads.submit(claimer);
            List<Long> first = a.get();
            List<Long> second = b.get();

            Set<Long> twice = new HashSet<>(first);
            twice.retainAll(second);
            assertThat(twice).as("rows claimed twice").isEmpty();
            Set<Long> all = new HashSet<>(first);
            all.addAll(second);
            assertThat(all).containsAll(ours);
        } finally {
            threads.shutdownNow();
        }
    }

    /** An order row as the hub writes it. */
    private long insertOrder(String externalId, String orderId, String lines) {
        jdbc.update("""
                INSERT INTO erp.order_in (batch_id, source_system, external_id, row_version, order_id, channel,
                                          customer_ref, ordered_at, currency, order_lines)
                VALUES ('IT', 'omnihub', ?, 1, ?, 'shopify', 'CUST-IT', ?, 'EUR', ?)""",
                externalId, orderId, LocalDateTime.of(2026, 11, 23, 10, 0), lines);
        return jdbc.queryForObject("SELECT id FROM erp.order_in WHERE source_system = 'omnihub' AND external_id = ? AND row_version = 1",
                Long.class, externalId);
    }

    private Map<String, Object> order(long id) {
        return jdbc.queryForMap("SELECT status, error_message, erp_order_no FROM erp.order_in WHERE id = ?", id);
    }
}
