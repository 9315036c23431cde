package io.omnihub.outbound;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ParameterizedPreparedStatementSetter;
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
        /** A change of the key with a later event time was taken (before, or later in the same batch): this one is dropped. */
        STALE
    }

    /** A key's first change, due at once; nothing if another writer stored the key meanwhile. */
    private static final String INSERT_WANTED = """
            INSERT INTO outbound_position (target, sku, location_id, wanted_quantity, wanted_at, correlation_id,
                                           received_at, due_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";
    /** Takes a change of a stored key unless a newer one came meanwhile; due unless the target acknowledged its value. */
    private static final String UPDATE_WANTED = """
            UPDATE outbound_position
               SET wanted_quantity = ?, wanted_at = ?, correlation_id = ?, received_at = ?,
                   due_at = CASE WHEN acked_quantity = ? THEN NULL ELSE COALESCE(due_at, ?) END
             WHERE id = ? AND wanted_at <= ?""";

    private final JdbcTemplate jdbc;

    public DeliveryPositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Takes a change as the key's wanted value unless a newer one is there; due at once if the target lacks it. */
    public Submitted submit(Target target, AvailabilityChange change) {
        for (int tries = 0; tries < 3; tries++) {
            Optional<Current> row = jdbc.query("""
                    SELECT id, sku, location_id, wanted_at, acked_quantity FROM outbound_position
                     WHERE target = ? AND sku = ? AND location_id = ?""",
                    DeliveryPositions::current, target.id(), change.sku(), change.locationKey()).stream().findFirst();
            OffsetDateTime at = utc(change.eventTime());
            OffsetDateTime now = utc(Instant.now());
            if (row.isEmpty()) {
                int inserted = jdbc.update(INSERT_WANTED, target.id(), change.sku(), change.locationKey(), change.quantity(), at,
                        change.correlationId(), now, now);
                if (inserted == 1) {
                    return Submitted.QUEUED;
                }
                continue;
            }
            if (change.eventTime().isBefore(row.get().wantedAt())) {
                return Submitted.STALE;
            }
            int updated = jdbc.update(UPDATE_WANTED, change.quantity(), at, change.correlationId(), now, change.quantity(), now,
                    row.get().id(), at);
            if (updated == 1) {
                return row.get().outcome(change);
            }
        }
        // three lost races in a row: someone else keeps writing a newer value
        return Submitted.STALE;
    }

    /**
     * Takes a batch of one target's changes as {@link #submit} takes each, with one read of their
     * keys' positions and one JDBC batch each for new and for changed keys; the caller runs it in one
     * transaction. Of several changes of one key only the newest is written (of equal event times the
     * later in the batch, as one by one), the others are STALE. A key another writer changed between
     * the read and the write goes the one-by-one way. Answers what became of each change, in order.
     */
    public List<Submitted> submitAll(Target target, List<AvailabilityChange> changes) {
        Submitted[] outcomes = new Submitted[changes.size()];
        Map<List<String>, Integer> newest = new LinkedHashMap<>();
        for (int i = 0; i < changes.size(); i++) {
            AvailabilityChange change = changes.get(i);
            Integer taken = newest.get(key(change.sku(), change.locationKey()));
            if (taken != null && change.eventTime().isBefore(changes.get(taken).eventTime())) {
                outcomes[i] = Submitted.STALE;
                continue;
            }
            if (taken != null) {
                outcomes[taken] = Submitted.STALE;
            }
            newest.put(key(change.sku(), change.locationKey()), i);
        }
        Map<List<String>, Current> stored = new HashMap<>();
        List<String> skus = newest.keySet().stream().map(key -> key.get(0)).distinct().toList();
        if (!skus.isEmpty()) {
            jdbc.query("SELECT id, sku, location_id, wanted_at, acked_quantity FROM outbound_position WHERE target = ? AND sku IN ("
                    + String.join(",", Collections.nCopies(skus.size(), "?")) + ")", DeliveryPositions::current,
                    Stream.concat(Stream.of(target.id()), skus.stream()).toArray())
                    .forEach(row -> stored.put(key(row.sku(), row.locationId()), row));
        }
        List<Integer> inserts = new ArrayList<>();
        List<Integer> updates = new ArrayList<>();
        newest.forEach((key, i) -> {
            Current row = stored.get(key);
            if (row == null) {
                inserts.add(i);
            } else if (changes.get(i).eventTime().isBefore(row.wantedAt())) {
                outcomes[i] = Submitted.STALE;
            } else {
                updates.add(i);
            }
        });
        // the rows in one order, so batches of two consumers or hubs cannot deadlock on them
        updates.sort(Comparator.comparingLong(i -> stored.get(key(changes.get(i).sku(), changes.get(i).locationKey())).id()));
        OffsetDateTime now = utc(Instant.now());
        int[] inserted = batch(INSERT_WANTED, inserts, (statement, i) -> {
                    AvailabilityChange change = changes.get(i);
                    statement.setString(1, target.id());
                    statement.setString(2, change.sku());
                    statement.setString(3, change.locationKey());
                    statement.setInt(4, change.quantity());
                    statement.setObject(5, utc(change.eventTime()));
                    statement.setString(6, change.correlationId());
                    statement.setObject(7, now);
                    statement.setObject(8, now);
                });
        int[] updated = batch(UPDATE_WANTED, updates, (statement, i) -> {
            AvailabilityChange change = changes.get(i);
            statement.setInt(1, change.quantity());
            statement.setObject(2, utc(change.eventTime()));
            statement.setString(3, change.correlationId());
            statement.setObject(4, now);
            statement.setInt(5, change.quantity());
            statement.setObject(6, now);
            statement.setLong(7, stored.get(key(change.sku(), change.locationKey())).id());
            statement.setObject(8, utc(change.eventTime()));
        });
        for (int n = 0; n < inserts.size(); n++) {
            int i = inserts.get(n);
            outcomes[i] = inserted[n] == 1 ? Submitted.QUEUED : submit(target, changes.get(i));
        }
        for (int n = 0; n < updates.size(); n++) {
            int i = updates.get(n);
            AvailabilityChange change = changes.get(i);
            outcomes[i] = updated[n] == 1 ? stored.get(key(change.sku(), change.locationKey())).outcome(change) : submit(target, change);
        }
        return List.of(outcomes);
    }

    /** Runs one statement per item in one JDBC batch; answers the rows each changed. */
    private int[] batch(String sql, List<Integer> items, ParameterizedPreparedStatementSetter<Integer> setter) {
        return items.isEmpty() ? new int[0] : jdbc.batchUpdate(sql, items, items.size(), setter)[0];
    }

    private static List<String> key(String sku, String locationKey) {
        return List.of(sku, locationKey);
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

    private static Current current(ResultSet rs, int row) throws SQLException {
        return new Current(rs.getLong("id"), rs.getString("sku"), rs.getString("location_id"),
                rs.getObject("wanted_at", OffsetDateTime.class).toInstant(), rs.getObject("acked_quantity", Integer.class));
    }

    /** A key's stored position as a submit reads it. */
    private record Current(long id, String sku, String locationId, Instant wantedAt, Integer ackedQuantity) {

        /** What taking {@code change} as the wanted value means: nothing to send if the target acknowledged that value. */
        Submitted outcome(AvailabilityChange change) {
            return ackedQuantity != null && ackedQuantity == change.quantity() ? Submitted.UNCHANGED : Submitted.QUEUED;
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
