package io.omnihub.inbound;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.omnihub.api.RejectedInputException;

/**
 * "What happened to this inbound record": the inbox row (received, outcome, attempts) and the
 * canonical events it became, linked by the correlation id given at the door.
 */
@Component("inboundHistory")
public class InboundHistory {

    private final JdbcTemplate jdbc;

    public InboundHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Map<String, Object> webhook(@Header("system") String system, @Header("account") String account,
            @Header("eventId") String eventId) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT id, system, account, event_id, topic, correlation_id, occurred_at, received_at, headers,
                       status, attempts, outcome, events, processed_at
                FROM webhook_inbox WHERE system = ? AND account = ? AND event_id = ?""", system, account, eventId);
        if (rows.isEmpty()) {
            throw new RejectedInputException(404, "No " + system + "/" + account + " webhook with event id '" + eventId + "'");
        }
        Map<String, Object> webhook = rows.get(0);
        Map<String, Object> history = new LinkedHashMap<>();
        history.put("correlationId", webhook.get("correlation_id"));
        history.put("webhook", webhook);
        history.put("events", jdbc.queryForList("""
                SELECT event_id, entity, entity_id, source, event_time, stored_at
                FROM ingested_event WHERE correlation_id = ? ORDER BY id""", webhook.get("correlation_id")));
        return history;
    }
}
