package io.omnihub.outbound;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.omnihub.outbound.spi.DeliveryOutcome;
import io.omnihub.outbound.spi.PendingChange;
import io.omnihub.outbound.spi.Target;

/** The dead-letter inbox (table outbound_dead_letter): changes that could not be delivered. */
@Component
public class DeadLetters {

    public static final String OPEN = "OPEN";

    /** One undeliverable change, with what was tried. */
    public record DeadLetter(long id, String target, String sku, String locationId, int quantity, Instant eventTime,
            String correlationId, JsonNode payload, String error, int attempts, Instant firstTriedAt, Instant failedAt,
            String status, Instant replayedAt) {

        /** {@code sku} or {@code sku@location}, as the key filter takes it. */
        public String key() {
            return locationId.isEmpty() ? sku : sku + "@" + locationId;
        }
    }

    /**
     * Which dead letters: each part optional.
     *
     * @param target a system (bol) or a target account (bol/omnihub-outdoor)
     * @param key    a SKU (every location) or sku@location
     * @param since  failed at or after
     * @param status OPEN, REPLAYED, SUPERSEDED, UNCHANGED; null for any
     */
    public record Filter(String target, String key, Instant since, String status) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;

    public DeadLetters(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void add(Target target, Map<PendingChange, DeliveryOutcome.Failed> failed, Instant firstTriedAt) {
        if (failed.isEmpty()) {
            return;
        }
        OffsetDateTime now = DeliveryPositions.utc(Instant.now());
        var entries = new ArrayList<>(failed.entrySet());
        jdbc.batchUpdate("""
                INSERT INTO outbound_dead_letter (target, sku, location_id, quantity, event_time, correlation_id, payload,
                                                  error, attempts, first_tried_at, failed_at, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", entries, entries.size(), (statement, entry) -> {
                    PendingChange change = entry.getKey();
                    DeliveryOutcome.Failed failure = entry.getValue();
                    ObjectNode payload = JSON.createObjectNode();
                    payload.set("change", change.availability(target.channel()));
                    payload.set("request", failure.request());
                    statement.setString(1, target.id());
                    statement.setString(2, change.sku());
                    statement.setString(3, change.locationId());
                    statement.setInt(4, change.quantity());
                    statement.setObject(5, DeliveryPositions.utc(change.eventTime()));
                    statement.setString(6, change.correlationId());
                    statement.setString(7, payload.toString());
                    statement.setString(8, OutboundCalls.truncate(failure.error()));
                    statement.setInt(9, failure.attempts());
                    statement.setObject(10, DeliveryPositions.utc(firstTriedAt));
                    statement.setObject(11, now);
                    statement.setString(12, OPEN);
                });
    }

    public List<DeadLetter> list(Filter filter, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM outbound_dead_letter WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (filter.target() != null) {
            sql.append(filter.target().contains("/") ? " AND target = ?" : " AND target LIKE ?");
            args.add(filter.target().contains("/") ? filter.target() : filter.target() + "/%");
        }
        if (filter.key() != null) {
            int at = filter.key().indexOf('@');
            sql.append(" AND sku = ?");
            args.add(at < 0 ? filter.key() : filter.key().substring(0, at));
            if (at >= 0) {
                sql.append(" AND location_id = ?");
                args.add(filter.key().substring(at + 1));
            }
        }
        if (filter.since() != null) {
            sql.append(" AND failed_at >= ?");
            args.add(DeliveryPositions.utc(filter.since()));
        }
        if (filter.status() != null) {
            sql.append(" AND status = ?");
            args.add(filter.status());
        }
        sql.append(" ORDER BY id LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), DeadLetters::deadLetter, args.toArray());
    }

    public Optional<DeadLetter> find(long id) {
        return jdbc.query("SELECT * FROM outbound_dead_letter WHERE id = ?", DeadLetters::deadLetter, id).stream().findFirst();
    }

    /** Closes an open dead letter with how its replay went; false if it was not open (replayed already). */
    boolean close(long id, String status) {
        return jdbc.update("UPDATE outbound_dead_letter SET status = ?, replayed_at = ? WHERE id = ? AND status = ?",
                status, DeliveryPositions.utc(Instant.now()), id, OPEN) == 1;
    }

    public long openCount() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM outbound_dead_letter WHERE status = ?", Long.class, OPEN);
    }

    public long openCount(Target target) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM outbound_dead_letter WHERE status = ? AND target = ?",
                Long.class, OPEN, target.id());
    }

    private static DeadLetter deadLetter(ResultSet rs, int row) throws SQLException {
        OffsetDateTime replayed = rs.getObject("replayed_at", OffsetDateTime.class);
        JsonNode payload;
        try {
            payload = JSON.readTree(rs.getString("payload"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DeadLetter(rs.getLong("id"), rs.getString("target"), rs.getString("sku"), rs.getString("location_id"),
                rs.getInt("quantity"), rs.getObject("event_time", OffsetDateTime.class).toInstant(),
                rs.getString("correlation_id"), payload, rs.getString("error"), rs.getInt("attempts"),
                rs.getObject("first_tried_at", OffsetDateTime.class).toInstant(),
                rs.getObject("failed_at", OffsetDateTime.class).toInstant(), rs.getString("status"),
                replayed == null ? null : replayed.toInstant());
    }
}
