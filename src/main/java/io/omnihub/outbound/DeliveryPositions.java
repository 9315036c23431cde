package io.omnihub.outbound;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.omnihub.outbound.spi.DeliveryOutcome;
import io.omnihub.outbound.spi.PendingChange;
import io.omnihub.outbound.spi.Target;

/**
 * The outbound_position table: per target and key, the value wanted there and the value the target
 * acknowledged. Every statement is guarded so that hubs sharing the database, and the consumer and
 * the dispatcher of one hub, never undo each other: an older change never replaces a newer one, a
 * key is claimed by one delivery at a time (a lease), and an acknowledgement of an older value
 * leaves a newer one due.
 */
@Component
public class DeliveryPositions {

    /** What {@link #submit} did with a change. */
    public enum Submitted {
        /** Due: it goes out with the target's next batch. */
        QUEUED,
        /** The target already acknowledged this value: nothing to send. */
        UNCHANGED,
        /** A change of the key with a later event time was taken before: this one is dropped. */
        STALE
    }

    private final JdbcTemplate jdbc;

    public DeliveryPositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Takes a change as the key's wanted value unless a newer one is there; due at once if the target lacks it. */
    public Submitted submit(Target target, AvailabilityChange change) {
        for (int tries = 0; tries < 3; tries++) {
            Optional<Current> row = jdbc.query("""
                    SELECT id, wanted_at, acked_quantity FROM outbound_position
                     WHERE target = ? AND sku = ? AND location_id = ?""",
                    (rs, n) -> new Current(rs.getLong("id"), rs.getObject("wanted_at", OffsetDateTime.class).toInstant(),
                            (Integer) rs.getObject("acked_quantity", Integer.class)),
                    target.id(), change.sku(), change.locationKey()).stream().findFirst();
            OffsetDateTime at = utc(change.eventTime());
            OffsetDateTime now = utc(Instant.now());
            if (row.isEmpty()) {
                int inserted = jdbc.update("""
                        INSERT INTO outbound_position (target, sku, location_id, wanted_quantity, wanted_at, correlation_id,
                                                       received_at, due_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""",
                        target.id(), change.sku(), change.locationKey(), change.quantity(), at, change.correlationId(), now, now);
                if (inserted == 1) {
                    return Submitted.QUEUED;
                }
                continue;
            }
            if (change.eventTime().isBefore(row.get().wantedAt())) {
                return Submitted.STALE;
            }
            int updated = jdbc.update("""
                    UPDATE outbound_position
                       SET wanted_quantity = ?, wanted_at = ?, correlation_id = ?, received_at = ?,
                           due_at = CASE WHEN acked_quantity = ? THEN NULL ELSE COALESCE(due_at, ?) END
                     WHERE id = ? AND wanted_at <= ?""",
                    change.quantity(), at, change.correlationId(), now, change.quantity(), now,
                    row.get().id(), at);
            if (updated == 1) {
                Integer acked = row.get().ackedQuantity();
                return acked != null && acked == change.quantity() ? Submitted.UNCHANGED : Submitted.QUEUED;
            }
        }
        // three lost races in a row: someone else keeps writing a newer value
        return Submitted.STALE;
    }

    /**
     * Claims up to {@code limit} due keys of a target for one delivery: leased to {@code owner} until
     * now + {@code lease}, so no other delivery takes them meanwhile. Keys whose lease is still held
     * (by this hub or another) are left alone.
     */
    public List<PendingChange> claim(Target target, String owner, int limit, Duration lease) {
        OffsetDateTime now = utc(Instant.now());
        List<PendingChange> due = jdbc.query("""
                SELECT id, sku, location_id, wanted_quantity, wanted_at, correlation_id, target_quantity
                  FROM outbound_position
                 WHERE target = ? AND due_at <= ? AND (lease_until IS NULL OR lease_until < ?)
                 ORDER BY due_at, id
                 LIMIT ?""", DeliveryPositions::pendingChange, target.id(), now, now, limit);
        if (due.isEmpty()) {
            return due;
        }
        OffsetDateTime until = now.plus(lease);
        int[] leased = jdbc.batchUpdate("""
                UPDATE outbound_position SET lease_owner = ?, lease_until = ?
                 WHERE id = ? AND (lease_until IS NULL OR lease_until < ?)""", due, due.size(), (statement, change) -> {
                    statement.setString(1, owner);
                    statement.setObject(2, until);
                    statement.setLong(3, change.positionId());
                    statement.setObject(4, now);
                })[0];
        List<PendingChange> claimed = new ArrayList<>();
        for (int i = 0; i < due.size(); i++) {
            if (leased[i] == 1) {
                claimed.add(due.get(i));
            }
        }
        return claimed;
    }

    /**
     * The target acknowledged these changes: their values are now the acknowledged ones, and a key
     * stays due only if a newer value came meanwhile.
     */
    public void delivered(Map<PendingChange, DeliveryOutcome.Delivered> delivered) {
        if (delivered.isEmpty()) {
            return;
        }
        OffsetDateTime now = utc(Instant.now());
        var entries = new ArrayList<>(delivered.entrySet());
        jdbc.batchUpdate("""
                UPDATE outbound_position
                   SET acked_quantity = ?, acked_at = ?, target_quantity = ?,
                       due_at = CASE WHEN wanted_quantity = ? THEN NULL ELSE ? END, lease_owner = NULL, lease_until = NULL
                 WHERE id = ?""", entries, entries.size(), (statement, entry) -> {
                    statement.setInt(1, entry.getKey().quantity());
                    statement.setObject(2, now);
                    statement.setInt(3, entry.getValue().targetQuantity());
                    statement.setInt(4, entry.getKey().quantity());
                    statement.setObject(5, now);
                    statement.setLong(6, entry.getKey().positionId());
                });
    }

    /**
     * These changes went to the dead-letter inbox: their keys rest until a newer change (or a replay)
     * comes, unless one came already, which is then due at once.
     */
    public void failed(Map<PendingChange, DeliveryOutcome.Failed> failed) {
        if (failed.isEmpty()) {
            return;
        }
        OffsetDateTime now = utc(Instant.now());
        var entries = new ArrayList<>(failed.entrySet());
        jdbc.batchUpdate("""
                UPDATE outbound_position
                   SET target_quantity = COALESCE(?, target_quantity),
                       due_at = CASE WHEN wanted_at > ? OR wanted_quantity <> ? THEN ? ELSE NULL END,
                       lease_owner = NULL, lease_until = NULL
                 WHERE id = ?""", entries, entries.size(), (statement, entry) -> {
                    statement.setObject(1, entry.getValue().targetQuantity());
                    statement.setObject(2, utc(entry.getKey().eventTime()));
                    statement.setInt(3, entry.getKey().quantity());
                    statement.setObject(4, now);
                    statement.setLong(5, entry.getKey().positionId());
                });
    }

    /** At start: leases this hub's previous run held (it stopped or crashed mid-delivery) are given back. */
    public int releaseAll(String owner) {
        return jdbc.update("UPDATE outbound_position SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?", owner);
    }

    private static PendingChange pendingChange(ResultSet rs, int row) throws SQLException {
        return new PendingChange(rs.getLong("id"), rs.getString("sku"), rs.getString("location_id"),
                rs.getInt("wanted_quantity"), rs.getObject("wanted_at", OffsetDateTime.class).toInstant(),
                rs.getString("correlation_id"), rs.getObject("target_quantity", Integer.class));
    }

    private record Current(long id, Instant wantedAt, Integer ackedQuantity) {
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
