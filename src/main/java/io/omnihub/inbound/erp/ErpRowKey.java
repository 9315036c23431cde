package io.omnihub.inbound.erp;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * One version of one record in an ERP staging table: (table, source_system, external_id,
 * row_version), the ERP's own unique key. Everything the hub derives from it is deterministic, so
 * a row handed off again after a crash carries the same correlation id and the same event id, and
 * consumers that already have the event apply it once.
 */
public record ErpRowKey(String table, String sourceSystem, String externalId, int version) {

    /** The key of a staging row as the poller selected it; a missing bookkeeping column fails naming it. */
    public static ErpRowKey of(String table, Map<String, Object> row) {
        return new ErpRowKey(table, text(row, "source_system"), text(row, "external_id"), integer(row, "row_version"));
    }

    /** The staging row's own id (its primary key), which the poller marks DONE or ERROR. */
    public static long rowId(Map<String, Object> row) {
        return ((Number) required(row, "id")).longValue();
    }

    /** CloudEvent source of the table's events, e.g. {@code /omnihub/erp/stock_booking_out}. */
    public String source() {
        return "/omnihub/erp/" + table;
    }

    public String correlationId() {
        return name("");
    }

    public String eventId() {
        return name("#event");
    }

    /** How the key reads in reasons and logs: {@code stock_booking_out erp/TR2-LW-GRN/VST-020 version 3}. */
    @Override
    public String toString() {
        return table + " " + sourceSystem + "/" + externalId + " version " + version;
    }

    private String name(String suffix) {
        return UUID.nameUUIDFromBytes((source() + "/" + sourceSystem + "/" + externalId + "/" + version + suffix)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String text(Map<String, Object> row, String column) {
        return required(row, column).toString();
    }

    private static int integer(Map<String, Object> row, String column) {
        Object value = required(row, column);
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException("Column " + column + " must be a number, got '" + value + "'");
        }
        return number.intValue();
    }

    private static Object required(Map<String, Object> row, String column) {
        Object value = row.get(column);
        if (value == null) {
            throw new IllegalArgumentException("Column " + column + " is missing from the selected row " + row.keySet());
        }
        return value;
    }
}
