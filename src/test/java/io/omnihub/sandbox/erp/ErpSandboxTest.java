package io.omnihub.sandbox.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;

import io.omnihub.canonical.CanonicalSchemas;
import io.omnihub.mapping.IdLookup;
import io.omnihub.mapping.Mappings;
import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.SandboxProperties;
import io.omnihub.sandbox.erp.ErpStagingTables.OrderRow;

/** The ERP sandbox alone on an in-memory H2 database, driven over HTTP and JDBC as the hub would. */
class ErpSandboxTest {

    /** Summer time: the ERP writes 23:30 local for 21:30 UTC. */
    private static final Instant NOW = Instant.parse("2026-07-01T21:30:00Z");
    private static final ReferenceRetailer RETAILER = SandboxProperties.defaults().retailer();
    private static final int VARIANTS = RETAILER.variants().size();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CANONICAL_ENTITIES = List.of("product", "price", "location", "inventory-level",
            "inventory-adjustment", "customer", "order", "fulfilment", "return", "loyalty-entry");
    /** How a JDBC poller selects stock rows so booked_at is the local-time text the mapping reads (docs/connectors/erp.md). */
    static final String POLLER_SELECT = """
            SELECT id, external_id, row_version, status, item_no, warehouse_code, qty_on_hand,
                   CAST(booked_at AS VARCHAR(19)) AS booked_at
            FROM erp.stock_booking_out WHERE status = 'NEW' AND item_no = ? ORDER BY id""";

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    @AfterEach
    void closeAll() throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
    }

    @Test
    void createsItsTablesInSchemaErpWithItsOwnHistoryAndSeedsTheRetailer() {
        DataSource db = database();
        start(db);
        var jdbc = new JdbcTemplate(db);

        assertThat(jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = 'erp'", String.class))
                .containsExactlyInAnyOrder("item_out", "price_out", "stock_booking_out", "order_in", "sandbox_schema_history");
        assertThat(jdbc.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", String.class))
                .as("nothing of the ERP in the hub's schema").isEmpty();

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM erp.item_out WHERE status = 'NEW' AND batch_id = 'SEED-42'", Integer.class))
                .isEqualTo(VARIANTS);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM erp.price_out WHERE status = 'NEW' AND batch_id = 'SEED-42'", Integer.class))
                .isEqualTo(VARIANTS);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM erp.stock_booking_out WHERE status = 'NEW' AND booking_type = 'COUNT'",
                Integer.class)).isEqualTo(VARIANTS * RETAILER.locations().size());
        assertThat(jdbc.queryForMap("SELECT item_no, ean, description, product_code, vat_rate FROM erp.item_out WHERE item_no = 'BOOK-WADDEN'"))
                .containsEntry("ean", "8712345006211").containsEntry("product_code", "BOOK-WADDEN")
                .containsEntry("description", "Walking the Wadden Islands (guide book)")
                .containsEntry("vat_rate", new BigDecimal("9.00"));
        assertThat(jdbc.queryForMap("SELECT amount, currency, valid_from FROM erp.price_out WHERE item_no = 'TR2-LW-GRN'"))
                .containsEntry("amount", new BigDecimal("119.95")).containsEntry("currency", "EUR");
        assertThat(jdbc.queryForObject("SELECT qty_on_hand FROM erp.stock_booking_out WHERE external_id = 'SOCK-MW-42/DC-01'",
                BigDecimal.class)).isEqualByComparingTo(BigDecimal.valueOf(RETAILER.variant("SOCK-MW-42").orElseThrow().onHand().get("DC-NL")));
    }

    @Test
    void aRestartKeepsTheRowsSeedsNothingTwiceAndTheJobGoesOnWhereItStopped() {
        DataSource db = database();
        ErpSandbox first = start(db);
        first.job().runOnce();
        first.close();
        opened.remove(first);

        ErpSandbox second = start(db);

        assertThat(second.tables().count(ErpStagingTables.Table.ITEM_OUT)).isEqualTo(VARIANTS);
        assertThat(second.job().runOnce().number()).isEqualTo(2);
    }

    @Test
    void adminApiCountsRowsPerStatusAndReadsThemBackWithAFilter() throws Exception {
        ErpSandbox erp = start(database());

        JsonNode counts = json(get(erp, "/_sandbox/tables"));
        assertThat(counts.path("item_out").path("NEW").asInt()).isEqualTo(VARIANTS);
        assertThat(counts.path("stock_booking_out").path("NEW").asInt()).isEqualTo(VARIANTS * 4);
        assertThat(counts.path("order_in").path("NEW").asInt()).isZero();
        assertThat(counts.path("price_out").path("ERROR").asInt()).isZero();

        JsonNode rows = json(get(erp, "/_sandbox/tables/stock_booking_out?status=NEW&limit=2"));
        assertThat(rows).hasSize(2);
        JsonNode first = rows.get(0);
        assertThat(names(first)).containsExactly("id", "batch_id", "source_system", "external_id", "row_version", "status",
                "error_message", "created_at", "updated_at", "item_no", "warehouse_code", "booking_type", "quantity",
                "qty_on_hand", "booked_at");
        assertThat(first.path("item_no").asText()).isEqualTo("TR2-LW-GRN");
        assertThat(first.path("warehouse_code").asText()).isEqualTo("VST-020");
        assertThat(first.path("external_id").asText()).isEqualTo("TR2-LW-GRN/VST-020");
        assertThat(first.path("booked_at").asText()).isEqualTo("2026-07-01 23:30:00");
        assertThat(first.path("source_system").asText()).isEqualTo("erp");
        assertThat(first.path("batch_id").asText()).isEqualTo("SEED-42");

        JsonNode next = json(get(erp, "/_sandbox/tables/stock_booking_out?limit=1&afterId=" + rows.get(1).path("id").asLong()));
        assertThat(next.get(0).path("id").asLong()).isGreaterThan(rows.get(1).path("id").asLong());
        assertThat(json(get(erp, "/_sandbox/tables/item_out?status=DONE"))).isEmpty();

        HttpResponse<String> unknown = get(erp, "/_sandbox/tables/customers");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(unknown).path("detail").asText()).contains("item_out", "order_in");
        assertThat(get(erp, "/_sandbox/tables/item_out?status=OPEN").statusCode()).isEqualTo(400);
        assertThat(get(erp, "/_sandbox/tables/item_out?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void stockRowsHaveTheShapeTheHubsMappingReads() throws Exception {
        DataSource db = database();
        ErpSandbox erp = start(db);
        JsonNode posted = json(post(erp, "/_sandbox/stock-bookings", """
                {"sku": "SOCK-MW-42", "location": "DC-NL", "type": "SALE", "quantity": -1}"""));
        Mappings mappings = new Mappings(Path.of("mappings"), NO_IDS, new CanonicalSchemas(CANONICAL_ENTITIES));
        int dcOnHand = RETAILER.variant("SOCK-MW-42").orElseThrow().onHand().get("DC-NL");

        // as the admin API answers them: the seeded counts (the item is on the first page) and the new booking
        List<JsonNode> levels = new ArrayList<>();
        for (JsonNode row : json(get(erp, "/_sandbox/tables/stock_booking_out?limit=1000"))) {
            if (row.path("item_no").asText().equals("SOCK-MW-42")) {
                levels.addAll(mappings.toCanonical("erp/stock-row.in", row, row.path("id").asText()));
            }
        }
        levels.addAll(mappings.toCanonical("erp/stock-row.in", posted, posted.path("id").asText()));
        assertThat(levels).extracting(l -> l.path("locationId").asText())
                .containsExactly("UTR-01", "AMS-01", "RTM-01", "DC-NL", "DC-NL");
        JsonNode sale = levels.get(4);
        assertThat(sale.path("id").asText()).isEqualTo("SOCK-MW-42@DC-NL");
        // whole units only: the mapping refuses a fractional position (ErpMappingErrorsTest)
        assertThat(sale.path("onHand").asInt()).as("%s - 1", dcOnHand).isEqualTo(dcOnHand - 1);
        assertThat(sale.path("updatedAt").asText()).isEqualTo("2026-07-01T21:30:00Z");
        assertThat(sale.path("lastSourceSequence").asInt()).isEqualTo(2);
        assertThat(sale.path("sourceRef").path("externalId").asText()).isEqualTo("SOCK-MW-42/DC-01");

        // and as a JDBC poller selects them, turned into JSON by Jackson
        for (Map<String, Object> row : new JdbcTemplate(db).queryForList(POLLER_SELECT, "SOCK-MW-42")) {
            JsonNode level = mappings.toCanonical("erp/stock-row.in", JSON.valueToTree(row), row.get("id").toString()).get(0);
            assertThat(level.path("updatedAt").asText()).isEqualTo("2026-07-01T21:30:00Z");
        }
    }

    @Test
    void aBookingPostedNowIsTheNextVersionOfItsStockPosition() throws Exception {
        ErpSandbox erp = start(database());
        int seeded = RETAILER.variant("TR2-LW-GRN").orElseThrow().onHand().get("UTR-01");

        HttpResponse<String> receipt = post(erp, "/_sandbox/stock-bookings", """
                {"sku": "TR2-LW-GRN", "location": "UTR-01", "type": "RECEIPT", "quantity": 5}""");
        assertThat(receipt.statusCode()).isEqualTo(201);
        JsonNode row = json(receipt);
        assertThat(row.path("warehouse_code").asText()).isEqualTo("VST-020");
        assertThat(row.path("row_version").asInt()).isEqualTo(2);
        assertThat(row.path("qty_on_hand").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(seeded + 5L));
        assertThat(row.path("status").asText()).isEqualTo("NEW");
        assertThat(row.path("batch_id").asText()).isEqualTo("ADMIN-20260701T233000");

        JsonNode sale = json(post(erp, "/_sandbox/stock-bookings", """
                {"sku": "TR2-LW-GRN", "location": "VST-020", "type": "SALE", "quantity": -2}"""));
        assertThat(sale.path("row_version").asInt()).isEqualTo(3);
        assertThat(sale.path("qty_on_hand").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(seeded + 3L));
        JsonNode count = json(post(erp, "/_sandbox/stock-bookings", """
                {"sku": "TR2-LW-GRN", "location": "VST-020", "type": "COUNT", "quantity": 1}"""));
        assertThat(count.path("qty_on_hand").decimalValue()).isEqualByComparingTo("1");

        assertRefused(erp, """
                {"sku": "NOPE-1", "location": "UTR-01", "type": "RECEIPT", "quantity": 1}""", "no item 'NOPE-1'");
        assertRefused(erp, """
                {"sku": "TR2-LW-GRN", "location": "LON-01", "type": "RECEIPT", "quantity": 1}""", "Unknown location 'LON-01'");
        assertRefused(erp, """
                {"sku": "TR2-LW-GRN", "location": "UTR-01", "type": "GIFT", "quantity": 1}""", "type must be one of");
        assertRefused(erp, """
                {"sku": "TR2-LW-GRN", "location": "UTR-01", "type": "RECEIPT", "quantity": -1}""", "must be above 0");
        assertRefused(erp, """
                {"sku": "TR2-LW-GRN", "location": "UTR-01"}""", "are required");
        assertRefused(erp, "{not json", "Unreadable request");
    }

    @Test
    void theJobBooksStockMovementsChangesItemsAndPricesAndImportsOrders() throws Exception {
        DataSource db = database();
        ErpSandbox erp = start(db);
        var jdbc = new JdbcTemplate(db);
        long valid = insertOrder(jdbc, "o-1", 1, "SHOP-1001", "[{\"sku\": \"TR2-LW-GRN\", \"quantity\": 2, \"unitPrice\": \"119.95\"}]");
        long unknownSku = insertOrder(jdbc, "o-2", 1, "SHOP-1002", "[{\"sku\": \"NOPE-1\", \"quantity\": 1}]");
        long zero = insertOrder(jdbc, "o-3", 1, "SHOP-1003",
                "[{\"sku\": \"TR2-LW-GRN\", \"quantity\": 1}, {\"sku\": \"SOCK-MW-42\", \"quantity\": 0}]");
        long again = insertOrder(jdbc, "o-1", 2, "SHOP-1001", "[{\"sku\": \"TR2-LW-GRN\", \"quantity\": 2}]");
        long garbled = insertOrder(jdbc, "o-5", 1, "SHOP-1005", "sku=TR2-LW-GRN");

        JsonNode cycle = json(post(erp, "/_sandbox/job/run", ""));

        assertThat(cycle.path("number").asInt()).isEqualTo(1);
        assertThat(cycle.path("bookings").asInt()).isEqualTo(3);
        assertThat(cycle.path("ordersDone").asInt()).isEqualTo(1);
        assertThat(cycle.path("ordersFailed").asInt()).isEqualTo(4);
        assertThat(order(jdbc, valid)).containsEntry("status", "DONE").containsEntry("erp_order_no", String.format("SO-%06d", valid))
                .containsEntry("error_message", null);
        assertThat(order(jdbc, unknownSku)).containsEntry("status", "ERROR").containsEntry("error_message", "Line 1: unknown item 'NOPE-1'");
        assertThat(order(jdbc, zero)).containsEntry("error_message", "Line 2: quantity must be above 0, got 0");
        assertThat(order(jdbc, again)).containsEntry("status", "ERROR").containsEntry("error_message",
                "Duplicate order id 'SHOP-1001': already imported as sales order " + String.format("SO-%06d", valid));
        assertThat((String) order(jdbc, garbled).get("error_message")).startsWith("order_lines is not valid JSON");

        List<Map<String, Object>> movements = jdbc.queryForList(
                "SELECT warehouse_code, booking_type, quantity FROM erp.stock_booking_out WHERE batch_id = 'JOB-1' ORDER BY id");
        assertThat(movements).extracting(m -> m.get("booking_type")).containsExactly("RECEIPT", "TRANSFER_OUT", "TRANSFER_IN");
        assertThat(movements.get(0)).containsEntry("warehouse_code", "DC-01");
        assertThat((BigDecimal) movements.get(1).get("quantity")).isNegative()
                .isEqualByComparingTo(((BigDecimal) movements.get(2).get("quantity")).negate());

        for (int i = 2; i <= 7; i++) {
            erp.job().runOnce();
        }
        assertThat(jdbc.queryForList("SELECT batch_id FROM erp.stock_booking_out WHERE booking_type = 'COUNT' AND batch_id LIKE 'JOB-%'",
                String.class)).containsExactly("JOB-3", "JOB-6");
        Map<String, Object> itemChange = jdbc.queryForMap("SELECT item_no, row_version, description, status FROM erp.item_out WHERE batch_id = 'JOB-5'");
        assertThat(itemChange).containsEntry("row_version", 2).containsEntry("status", "NEW");
        assertThat((String) itemChange.get("description")).endsWith("(revised in job cycle 5)");
        Map<String, Object> priceChange = jdbc.queryForMap("SELECT item_no, row_version, amount FROM erp.price_out WHERE batch_id = 'JOB-7'");
        BigDecimal listPrice = RETAILER.variant((String) priceChange.get("item_no")).orElseThrow().price();
        assertThat(priceChange).containsEntry("row_version", 2);
        BigDecimal markdown = (BigDecimal) priceChange.get("amount");
        assertThat(markdown).isLessThan(listPrice);
        assertThat(markdown.remainder(BigDecimal.ONE)).isEqualByComparingTo("0.95");
    }

    @Test
    void theSameSeedGivesTheSameMovements() {
        DataSource one = database();
        DataSource two = database();
        start(one).job().runOnce();
        start(two).job().runOnce();

        String movements = "SELECT external_id, row_version, booking_type, quantity, qty_on_hand FROM erp.stock_booking_out "
                + "WHERE batch_id = 'JOB-1' ORDER BY id";
        assertThat(new JdbcTemplate(one).queryForList(movements)).isEqualTo(new JdbcTemplate(two).queryForList(movements)).hasSize(3);
    }

    @Test
    void theRejectOrdersSwitchFailsTheNextOrderRows() throws Exception {
        DataSource db = database();
        ErpSandbox erp = start(db);
        var jdbc = new JdbcTemplate(db);
        HttpResponse<String> set = put(erp, "/_sandbox/job/faults", "{\"rejectOrders\": 2}");
        assertThat(json(set).path("rejectOrders").asInt()).isEqualTo(2);
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ids.add(insertOrder(jdbc, "f-" + i, 1, "SHOP-200" + i, "[{\"sku\": \"TR2-LW-GRN\", \"quantity\": 1}]"));
        }

        post(erp, "/_sandbox/job/run", "");

        assertThat(order(jdbc, ids.get(0))).containsEntry("status", "ERROR")
                .containsEntry("error_message", "Rejected by the ERP (simulated fault: rejectOrders)");
        assertThat(order(jdbc, ids.get(1))).containsEntry("status", "ERROR");
        assertThat(order(jdbc, ids.get(2))).containsEntry("status", "DONE");
        assertThat(json(get(erp, "/_sandbox/job/faults")).path("rejectOrders").asInt()).isZero();
    }

    @Test
    void theScheduledJobImportsOrdersByItself() {
        DataSource db = database();
        start(db, Map.of("job-interval", "100ms"));
        var jdbc = new JdbcTemplate(db);
        long id = insertOrder(jdbc, "s-1", 1, "SHOP-3001", "[{\"sku\": \"SOCK-MW-42\", \"quantity\": 3}]");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(order(jdbc, id)).containsEntry("status", "DONE"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM erp.stock_booking_out WHERE batch_id = 'JOB-1'", Integer.class)).isEqualTo(3);
    }

    @Test
    void theUniqueKeyRefusesARowVersionWrittenTwice() {
        DataSource db = database();
        start(db);
        var jdbc = new JdbcTemplate(db);
        insertOrder(jdbc, "dup-1", 1, "SHOP-4001", "[]");

        assertThatThrownBy(() -> insertOrder(jdbc, "dup-1", 1, "SHOP-4001", "[]")).isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> jdbc.update("""
                INSERT INTO erp.item_out (batch_id, source_system, external_id, row_version, item_no, ean, description,
                                          product_code, vat_rate)
                VALUES ('REPLAY', 'erp', 'TR2-LW-GRN', 1, 'TR2-LW-GRN', '8712345001018', 'Replayed', 'TR2-LW', 21)"""))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void twoClaimersNeverClaimTheSameOrderRow() throws Exception {
        DataSource db = database();
        start(db);
        var jdbc = new JdbcTemplate(db);
        int orders = 300;
        for (int i = 0; i < orders; i++) {
            insertOrder(jdbc, "c-" + i, 1, "SHOP-C" + i, "[]");
        }
        // two claimers on one database, like the ERP job next to another worker, each with its own tables object
        CyclicBarrier start = new CyclicBarrier(2);
        Callable<List<Long>> claimer = () -> {
            var tables = new ErpStagingTables(db, Clock.systemUTC(), ZoneOffset.UTC);
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

            Set<Long> both = new HashSet<>(first);
            both.retainAll(second);
            assertThat(both).as("rows claimed twice").isEmpty();
            assertThat(first.size() + second.size()).isEqualTo(orders);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM erp.order_in WHERE status = 'PROCESSING'", Integer.class)).isEqualTo(orders);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void platformErrorsAreProblemJson() throws Exception {
        var throttled = new MockHttpServletResponse();
        new ErpProblems().writeThrottled(throttled);
        assertThat(throttled.getStatus()).isEqualTo(429);
        assertThat(throttled.getHeader("Retry-After")).isEqualTo("1");
        assertThat(throttled.getContentType()).isEqualTo("application/problem+json");
        assertThat(JSON.readTree(throttled.getContentAsString()).path("status").asInt()).isEqualTo(429);

        var failed = new MockHttpServletResponse();
        new ErpProblems().writeServerError(failed);
        assertThat(failed.getStatus()).isEqualTo(503);
        assertThat(JSON.readTree(failed.getContentAsString()).path("title").asText()).isEqualTo("Service Unavailable");
    }

    // --- helpers

    private static final IdLookup NO_IDS = new IdLookup() {
        @Override
        public String canonicalId(String system, String entity, String externalId) {
            throw new UnsupportedOperationException("the stock mapping needs no ids");
        }

        @Override
        public Optional<String> knownCanonicalId(String system, String entity, String externalId) {
            return Optional.empty();
        }

        @Override
        public Optional<String> externalId(String system, String entity, String canonicalId) {
            return Optional.empty();
        }
    };

    private DataSource database() {
        var db = new HikariDataSource();
        db.setJdbcUrl("jdbc:h2:mem:erp-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        db.setUsername("sa");
        db.setPassword("");
        db.setMaximumPoolSize(4);
        // the pool holds a connection open, which keeps the in-memory database alive until it closes
        db.setMinimumIdle(1);
        opened.push(db);
        return db;
    }

    private ErpSandbox start(DataSource db) {
        return start(db, Map.of());
    }

    private ErpSandbox start(DataSource db, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of("port", "0", "job-interval", "0"));
        settings.putAll(overrides);
        ErpSandbox erp = ErpSandbox.start(SandboxProperties.bind("omnihub.sandbox.erp", ErpSandboxProperties.class, settings),
                SandboxProperties.defaults(), RETAILER, Clock.fixed(NOW, ZoneOffset.UTC), db);
        opened.push(erp);
        return erp;
    }

    /** An order row as the hub writes it. */
    private static long insertOrder(JdbcTemplate jdbc, String externalId, int version, String orderId, String lines) {
        jdbc.update("""
                INSERT INTO erp.order_in (batch_id, source_system, external_id, row_version, order_id, channel,
                                          customer_ref, ordered_at, currency, order_lines)
                VALUES ('HUB-1', 'omnihub', ?, ?, ?, 'shopify', 'CUST-1', ?, 'EUR', ?)""",
                externalId, version, orderId, LocalDateTime.of(2026, 7, 1, 23, 0), lines);
        return jdbc.queryForObject("SELECT id FROM erp.order_in WHERE source_system = 'omnihub' AND external_id = ? AND row_version = ?",
                Long.class, externalId, version);
    }

    private static Map<String, Object> order(JdbcTemplate jdbc, long id) {
        return jdbc.queryForMap("SELECT status, error_message, erp_order_no FROM erp.order_in WHERE id = ?", id);
    }

    private static void assertRefused(ErpSandbox erp, String body, String detail) throws Exception {
        HttpResponse<String> response = post(erp, "/_sandbox/stock-bookings", body);
        assertThat(response.statusCode()).as(body).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).path("detail").asText()).contains(detail);
    }

    private static List<String> names(JsonNode object) {
        return StreamSupport.stream(((Iterable<String>) object::fieldNames).spliterator(), false).toList();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> get(ErpSandbox erp, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(erp.baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(ErpSandbox erp, String path, String body) throws Exception {
        return send(erp, path, "POST", body);
    }

    private static HttpResponse<String> put(ErpSandbox erp, String path, String body) throws Exception {
        return send(erp, path, "PUT", body);
    }

    private static HttpResponse<String> send(ErpSandbox erp, String path, String method, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(erp.baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
