package io.omnihub.sandbox.erp;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.transaction.support.TransactionTemplate;

import io.omnihub.sandbox.ReferenceRetailer;

/**
 * The ERP's interface tables in schema {@code erp}, on any DataSource: the ERP writes items,
 * prices and stock bookings out (status NEW, for the hub to consume) and imports the orders the hub
 * writes in. Portable SQL only, so H2 and PostgreSQL behave the same.
 */
public final class ErpStagingTables {

    /** source_system of every row the ERP writes. */
    public static final String ERP = "erp";
    public static final String SCHEMA = "erp";
    static final String MIGRATIONS = "classpath:sandbox/erp/db/migration";
    static final String HISTORY_TABLE = "sandbox_schema_history";
    static final String CURRENCY = "EUR";
    private static final int MAX_ERROR_MESSAGE = 2000;
    /** How the ERP writes local time, and how the hub's mapping (utc(.booked_at, zone)) reads it. */
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public enum Table {
        ITEM_OUT, PRICE_OUT, STOCK_BOOKING_OUT, ORDER_IN;

        /** The table's name in the schema and in the admin API: item_out, … */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        String qualified() {
            return SCHEMA + "." + id();
        }

        public static Optional<Table> byId(String id) {
            return Arrays.stream(values()).filter(t -> t.id().equals(id)).findFirst();
        }
    }

    public enum Status { NEW, PROCESSING, DONE, ERROR }

    public enum BookingType {
        COUNT, RECEIPT, SALE, TRANSFER_IN, TRANSFER_OUT, CORRECTION;

        /** Why a quantity does not fit this type, or null: a COUNT is the stock found, the others are signed changes. */
        String invalid(BigDecimal quantity) {
            int sign = quantity.signum();
            return switch (this) {
                case COUNT -> sign < 0 ? "a COUNT is the counted stock and cannot be below 0" : null;
                case RECEIPT, TRANSFER_IN -> sign <= 0 ? "a " + this + " adds stock: quantity must be above 0" : null;
                case SALE, TRANSFER_OUT -> sign >= 0 ? "a " + this + " takes stock: quantity must be below 0" : null;
                case CORRECTION -> sign == 0 ? "a CORRECTION of 0 changes nothing" : null;
            };
        }
    }

    /** One booking to write: quantity is the signed change, or for a COUNT the counted stock. */
    public record StockBooking(String itemNo, String warehouseCode, BookingType type, BigDecimal quantity) {
    }

    /** An order row claimed for import. */
    public record OrderRow(long id, String orderId, String orderLines) {
    }

    /** The last booking of a stock position: its version and the stock after it. */
    private record Position(int version, BigDecimal onHand) {
        static final Position NONE = new Position(0, BigDecimal.ZERO);
    }

    private static final String INSERT_BOOKING = """
            INSERT INTO erp.stock_booking_out (batch_id, source_system, external_id, row_version, item_no,
                                               warehouse_code, booking_type, quantity, qty_on_hand, booked_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    /** Bookings read a position's last version and write the next one; this keeps the sandbox's own writers in line. */
    private final Object bookingLock = new Object();

    /** @param zone the ERP's local time zone, in which it writes booked_at and valid_from */
    public ErpStagingTables(DataSource dataSource, Clock clock, ZoneId zone) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.clock = clock.withZone(zone);
    }

    /** Creates or upgrades schema erp with its own Flyway history, apart from the hub's migrations. */
    public void migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .schemas(SCHEMA)
                .table(HISTORY_TABLE)
                .load()
                .migrate();
    }

    /**
     * Writes the retailer's catalogue once: an item and a price row per variant and an opening
     * count per variant and location, all NEW in batch {@code SEED-<seed>}. False if the ERP has items already.
     */
    public boolean seed(ReferenceRetailer retailer) {
        String batch = "SEED-" + retailer.seed();
        LocalDateTime now = localNow();
        return inTransaction(() -> {
            if (count(Table.ITEM_OUT) > 0) {
                return false;
            }
            var items = new ArrayList<Object[]>();
            var prices = new ArrayList<Object[]>();
            var counts = new ArrayList<Object[]>();
            for (ReferenceRetailer.Variant v : retailer.variants()) {
                items.add(new Object[] {batch, ERP, v.sku(), v.sku(), v.ean(), v.title(), v.productCode(), v.vatRate()});
                prices.add(new Object[] {batch, ERP, v.sku(), v.sku(), v.price(), CURRENCY, now.toLocalDate()});
                for (ReferenceRetailer.Location l : retailer.locations()) {
                    BigDecimal onHand = BigDecimal.valueOf(v.onHand().get(l.id()));
                    counts.add(new Object[] {batch, ERP, positionKey(v.sku(), l.erpCode()), 1, v.sku(), l.erpCode(),
                            BookingType.COUNT.name(), onHand, onHand, now});
                }
            }
            jdbc.batchUpdate("""
                    INSERT INTO erp.item_out (batch_id, source_system, external_id, row_version, item_no, ean,
                                              description, product_code, vat_rate)
                    VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)""", items);
            jdbc.batchUpdate("""
                    INSERT INTO erp.price_out (batch_id, source_system, external_id, row_version, item_no, amount,
                                               currency, valid_from)
                    VALUES (?, ?, ?, 1, ?, ?, ?, ?)""", prices);
            jdbc.batchUpdate(INSERT_BOOKING, counts);
            return true;
        });
    }

    /** Writes the bookings in one transaction, each as the next version of its stock position; answers the rows written. */
    public List<Map<String, Object>> book(List<StockBooking> bookings, String batchId) {
        synchronized (bookingLock) {
            return inTransaction(() -> bookings.stream().map(b -> insertBooking(b, batchId)).toList());
        }
    }

    private Map<String, Object> insertBooking(StockBooking booking, String batchId) {
        String position = positionKey(booking.itemNo(), booking.warehouseCode());
        Position last = lastBooking(position);
        BigDecimal onHand = booking.type() == BookingType.COUNT ? booking.quantity() : last.onHand().add(booking.quantity());
        int version = last.version() + 1;
        jdbc.update(INSERT_BOOKING, batchId, ERP, position, version, booking.itemNo(), booking.warehouseCode(),
                booking.type().name(), booking.quantity(), onHand, localNow());
        return jdbc.query("SELECT * FROM erp.stock_booking_out WHERE source_system = ? AND external_id = ? AND row_version = ?",
                ErpStagingTables::jsonRow, ERP, position, version).get(0);
    }

    /** The booked stock of an item at a warehouse code (0 if it was never booked there). */
    public BigDecimal onHand(String itemNo, String warehouseCode) {
        return lastBooking(positionKey(itemNo, warehouseCode)).onHand();
    }

    private Position lastBooking(String position) {
        return jdbc.query("""
                SELECT row_version, qty_on_hand FROM erp.stock_booking_out
                WHERE source_system = ? AND external_id = ? ORDER BY row_version DESC LIMIT 1""",
                rs -> rs.next() ? new Position(rs.getInt(1), rs.getBigDecimal(2)) : Position.NONE, ERP, position);
    }

    /** A stock position's external id, '<item_no>/<warehouse_code>'. */
    private static String positionKey(String itemNo, String warehouseCode) {
        return itemNo + "/" + warehouseCode;
    }

    /** Writes the next version of an item with a new description; false if the ERP has no such item. */
    public boolean newItemVersion(String itemNo, String description, String batchId) {
        return jdbc.update("""
                INSERT INTO erp.item_out (batch_id, source_system, external_id, row_version, item_no, ean,
                                          description, product_code, vat_rate)
                SELECT ?, source_system, external_id, row_version + 1, item_no, ean, ?, product_code, vat_rate
                FROM erp.item_out WHERE source_system = ? AND external_id = ? ORDER BY row_version DESC LIMIT 1""",
                batchId, description, ERP, itemNo) == 1;
    }

    /** The amount of an item's latest price version. */
    public Optional<BigDecimal> price(String itemNo) {
        return jdbc.query("SELECT amount FROM erp.price_out WHERE source_system = ? AND external_id = ? ORDER BY row_version DESC LIMIT 1",
                (rs, i) -> rs.getBigDecimal(1), ERP, itemNo).stream().findFirst();
    }

    /** Writes the next version of an item's price, valid from today; false if the ERP has no price for it. */
    public boolean newPriceVersion(String itemNo, BigDecimal amount, String batchId) {
        return jdbc.update("""
                INSERT INTO erp.price_out (batch_id, source_system, external_id, row_version, item_no, amount,
                                           currency, valid_from)
                SELECT ?, source_system, external_id, row_version + 1, item_no, ?, currency, ?
                FROM erp.price_out WHERE source_system = ? AND external_id = ? ORDER BY row_version DESC LIMIT 1""",
                batchId, amount, localNow().toLocalDate(), ERP, itemNo) == 1;
    }

    public boolean itemExists(String itemNo) {
        Long items = jdbc.queryForObject("SELECT COUNT(*) FROM erp.item_out WHERE source_system = ? AND item_no = ?",
                Long.class, ERP, itemNo);
        return items != null && items > 0;
    }

    /**
     * Claims up to {@code limit} NEW order rows, oldest first: each goes NEW → PROCESSING only if it
     * is still NEW when updated, so two claimers (or the ERP and anyone else) never get the same row.
     * Rows another claimer took meanwhile are passed over for the next ones.
     */
    public List<OrderRow> claimNewOrders(int limit) {
        return inTransaction(() -> {
            List<OrderRow> claimed = new ArrayList<>();
            long after = 0;
            while (claimed.size() < limit) {
                List<OrderRow> candidates = jdbc.query(
                        "SELECT id, order_id, order_lines FROM erp.order_in WHERE status = 'NEW' AND id > ? ORDER BY id LIMIT ?",
                        (rs, i) -> new OrderRow(rs.getLong(1), rs.getString(2), rs.getString(3)), after, limit - claimed.size());
                if (candidates.isEmpty()) {
                    break;
                }
                for (OrderRow order : candidates) {
                    if (jdbc.update("UPDATE erp.order_in SET status = 'PROCESSING', updated_at = CURRENT_TIMESTAMP WHERE id = ? AND status = 'NEW'",
                            order.id()) == 1) {
                        claimed.add(order);
                    }
                }
                after = candidates.get(candidates.size() - 1).id();
            }
            return claimed;
        });
    }

    /** The ERP's sales order number of an order id it imported before. */
    public Optional<String> importedAs(String orderId) {
        return jdbc.queryForList("SELECT erp_order_no FROM erp.order_in WHERE order_id = ? AND status = 'DONE' ORDER BY id LIMIT 1",
                String.class, orderId).stream().findFirst();
    }

    /** A claimed order row imported: DONE with the ERP's sales order number; false if it was no longer PROCESSING. */
    public boolean orderDone(long id, String erpOrderNo) {
        return finish(id, Status.DONE, erpOrderNo, null);
    }

    /** A claimed order row refused: ERROR with the reason; false if it was no longer PROCESSING. */
    public boolean orderFailed(long id, String reason) {
        String message = reason.length() > MAX_ERROR_MESSAGE ? reason.substring(0, MAX_ERROR_MESSAGE - 1) + "…" : reason;
        return finish(id, Status.ERROR, null, message);
    }

    private boolean finish(long id, Status status, String erpOrderNo, String errorMessage) {
        return jdbc.update("""
                UPDATE erp.order_in SET status = ?, erp_order_no = ?, error_message = ?, updated_at = CURRENT_TIMESTAMP
                WHERE id = ? AND status = 'PROCESSING'""", status.name(), erpOrderNo, errorMessage, id) == 1;
    }

    /** Job cycles that wrote bookings so far (batch ids JOB-n), so a restarted job goes on where it stopped. */
    public int jobCycles() {
        Integer cycles = jdbc.queryForObject(
                "SELECT COUNT(DISTINCT batch_id) FROM erp.stock_booking_out WHERE batch_id LIKE 'JOB-%'", Integer.class);
        return cycles == null ? 0 : cycles;
    }

    /** Rows of a table in id order after {@code afterId}, optionally only those with a status. */
    public List<Map<String, Object>> rows(Table table, Status status, long afterId, int limit) {
        String sql = "SELECT * FROM " + table.qualified() + " WHERE id > ?"
                + (status == null ? "" : " AND status = ?") + " ORDER BY id LIMIT ?";
        Object[] args = status == null ? new Object[] {afterId, limit} : new Object[] {afterId, status.name(), limit};
        return jdbc.query(sql, ErpStagingTables::jsonRow, args);
    }

    /** Rows per status (every status, zeros included). */
    public Map<Status, Long> counts(Table table) {
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        Arrays.stream(Status.values()).forEach(s -> counts.put(s, 0L));
        jdbc.query("SELECT status, COUNT(*) FROM " + table.qualified() + " GROUP BY status",
                (RowCallbackHandler) rs -> counts.put(Status.valueOf(rs.getString(1)), rs.getLong(2)));
        return counts;
    }

    public long count(Table table) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table.qualified(), Long.class);
        return count == null ? 0 : count;
    }

    public <T> T inTransaction(Supplier<T> work) {
        return transactions.execute(status -> work.get());
    }

    /** Now in the ERP's local time, to the second (its columns have no fractions). */
    LocalDateTime localNow() {
        return LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * A row as a poller hands it over: lower-case column names, local times as the ERP writes them
     * ("2026-11-23 10:00:00"), the database's own timestamps as UTC instants, decimals exact.
     */
    static Map<String, Object> jsonRow(ResultSet rs, int rowNum) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), value(rs, meta, i));
        }
        return row;
    }

    private static Object value(ResultSet rs, ResultSetMetaData meta, int column) throws SQLException {
        switch (meta.getColumnType(column)) {
            case Types.DATE -> {
                LocalDate date = rs.getObject(column, LocalDate.class);
                return date == null ? null : date.toString();
            }
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
                // PostgreSQL reports timestamptz as TIMESTAMP too; its type name tells them apart
                String type = meta.getColumnTypeName(column).toLowerCase(Locale.ROOT);
                if (type.contains("tz") || type.contains("time zone")) {
                    OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
                    return at == null ? null : at.toInstant().toString();
                }
                LocalDateTime local = rs.getObject(column, LocalDateTime.class);
                return local == null ? null : LOCAL_TIME.format(local);
            }
            default -> {
                return JdbcUtils.getResultSetValue(rs, column);
            }
        }
    }
}
