package io.omnihub.inbound.erp;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A staging row as the mappings read it: lower-case column names as keys, decimals exact, dates as
 * {@code 2026-11-23}, absolute times ({@code TIMESTAMP WITH TIME ZONE}) as UTC instants. JDBC
 * cannot tell a local time from an absolute one on every database (PostgreSQL answers both as a
 * Timestamp), so local-time columns are selected as text: {@code CAST(booked_at AS VARCHAR(19))}.
 */
public final class ErpRows {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ErpRows() {
    }

    public static ObjectNode toJson(Map<String, Object> row) {
        ObjectNode json = NODES.objectNode();
        row.forEach((column, value) -> json.set(column.toLowerCase(Locale.ROOT), value(column, value)));
        return json;
    }

    private static JsonNode value(String column, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof BigDecimal decimal) {
            return NODES.numberNode(decimal);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Long) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        }
        if (value instanceof java.sql.Date date) {
            return NODES.textNode(date.toLocalDate().toString());
        }
        if (value instanceof LocalDate date) {
            return NODES.textNode(date.toString());
        }
        if (value instanceof Timestamp at) {
            return NODES.textNode(at.toInstant().toString());
        }
        if (value instanceof OffsetDateTime at) {
            return NODES.textNode(at.toInstant().toString());
        }
        if (value instanceof Instant at) {
            return NODES.textNode(at.toString());
        }
        if (value instanceof LocalDateTime local) {
            return NODES.textNode(LOCAL_TIME.format(local));
        }
        throw new IllegalArgumentException("Column " + column + " has a type the poller does not hand over ("
                + value.getClass().getSimpleName() + "); select it as text");
    }
}
