package io.omnihub.outbound;

import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

import io.omnihub.outbound.spi.Call;
import io.omnihub.outbound.spi.CallOutcome;
import io.omnihub.outbound.spi.CallRecorder;
import io.omnihub.outbound.spi.PendingChange;

/**
 * Every outbound call and its outcome (table outbound_call), with the changes it carried and their
 * correlation ids (outbound_call_change), so "what happened to the change with correlation id X"
 * is a query. Request and response bodies are not kept: they hold nothing the records lack.
 */
@Component
public class OutboundCalls implements CallRecorder {

    private static final int MAX_TEXT = 4000;

    private final JdbcTemplate jdbc;
    private final OutboundMetrics metrics;

    public OutboundCalls(JdbcTemplate jdbc, OutboundMetrics metrics) {
        this.jdbc = jdbc;
        this.metrics = metrics;
    }

    @Override
    public long record(Call call) {
        var keys = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO outbound_call (target, operation, request_key, attempt, http_status, outcome, detail,
                                               target_ref, changes, started_at, duration_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[] {"id"});
            insert.setString(1, call.target().id());
            insert.setString(2, call.operation());
            insert.setString(3, call.requestKey());
            insert.setInt(4, call.attempt());
            insert.setObject(5, call.httpStatus());
            insert.setString(6, call.outcome().name());
            insert.setString(7, truncate(call.detail()));
            insert.setString(8, truncate(call.targetRef()));
            insert.setInt(9, call.changes().size());
            insert.setObject(10, OffsetDateTime.ofInstant(call.startedAt(), ZoneOffset.UTC));
            insert.setInt(11, (int) Math.min(Integer.MAX_VALUE, call.duration().toMillis()));
            return insert;
        }, keys);
        long id = keys.getKey().longValue();
        List<PendingChange> changes = call.changes();
        jdbc.batchUpdate("INSERT INTO outbound_call_change (call_id, sku, location_id, quantity, correlation_id, outcome) "
                + "VALUES (?, ?, ?, ?, ?, ?)", changes, changes.size(), (statement, change) -> {
                    CallOutcome outcome = call.outcomeOf(change);
                    statement.setLong(1, id);
                    statement.setString(2, change.sku());
                    statement.setString(3, change.locationId());
                    statement.setInt(4, change.quantity());
                    statement.setString(5, change.correlationId());
                    statement.setString(6, outcome == call.outcome() ? null : outcome.name());
                });
        metrics.call(call);
        return id;
    }

    /**
     * The calls that carried changes with this correlation id, oldest first, each with the change it
     * carried and how that change ended ({@code change_outcome}: the call's outcome unless one call
     * ended differently for its changes).
     */
    public List<Map<String, Object>> byCorrelationId(String correlationId) {
        return jdbc.queryForList("""
                SELECT c.id, c.target, c.operation, c.request_key, c.attempt, c.http_status, c.outcome, c.detail,
                       c.target_ref, c.changes, c.started_at, c.duration_ms, x.sku, x.location_id, x.quantity,
                       COALESCE(x.outcome, c.outcome) AS change_outcome
                  FROM outbound_call_change x JOIN outbound_call c ON c.id = x.call_id
                 WHERE x.correlation_id = ?
                 ORDER BY c.id""", correlationId);
    }

    static String truncate(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }
}
