package io.omnihub.inbound;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

import io.omnihub.api.RejectedInputException;

/**
 * "What happened to this inbound record": the webhook inbox row (received, outcome, attempts) or the
 * ERP hand-off record (outcome, deliveries), and the canonical events it became, linked by the
 * correlation id given at the door.
 */
@Component("inboundHistory")
public class InboundHistory {

    private static final String ERP_PATH = "/api/inbound/erp/";

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
        return history("webhook", rows.get(0));
    }

    /**
     * One version of one ERP staging row, from the request path
     * {@code /api/inbound/erp/<table>/<externalId>/<version>}: the external id is everything between
     * the table and the version, since stock positions hold a slash ({@code TR2-LW-GRN/VST-020}).
     * The source system is {@code erp} unless the query parameter {@code sourceSystem} names another.
     */
    public Map<String, Object> erp(@Header(Exchange.HTTP_URI) String uri, @Header("sourceSystem") String sourceSystem) {
        int start = uri.indexOf(ERP_PATH);
        String path = start < 0 ? "" : uri.substring(start + ERP_PATH.length());
        int table = path.indexOf('/');
        int version = path.lastIndexOf('/');
        if (table <= 0 || version <= table + 1 || version == path.length() - 1) {
            throw RejectedInputException.badRequest("Expected /api/inbound/erp/<table>/<externalId>/<version>, got " + uri);
        }
        String tableName = UriUtils.decode(path.substring(0, table), StandardCharsets.UTF_8);
        String externalId = UriUtils.decode(path.substring(table + 1, version), StandardCharsets.UTF_8);
        String versionText = path.substring(version + 1);
        if (!versionText.matches("[0-9]{1,9}")) {
            throw RejectedInputException.badRequest("The version must be a whole number, got '" + versionText + "'");
        }
        String system = sourceSystem == null ? "erp" : sourceSystem;
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT table_name, source_system, external_id, row_version, row_id, correlation_id, outcome, reason,
                       entity, entity_id, event_id, deliveries, first_seen_at, last_seen_at
                FROM erp_handoff WHERE table_name = ? AND source_system = ? AND external_id = ? AND row_version = ?""",
                tableName, system, externalId, Integer.parseInt(versionText));
        if (rows.isEmpty()) {
            throw new RejectedInputException(404, "No hand-off of " + tableName + " " + system + "/" + externalId
                    + " version " + versionText + " (not polled yet, or no such row)");
        }
        return history("handoff", rows.get(0));
    }

    /** The inbound record under its name, and the canonical events stored with its correlation id. */
    private Map<String, Object> history(String name, Map<String, Object> record) {
        Map<String, Object> history = new LinkedHashMap<>();
        history.put("correlationId", record.get("correlation_id"));
        history.put(name, record);
        history.put("events", jdbc.queryForList("""
                SELECT event_id, entity, entity_id, source, event_time, stored_at
                FROM ingested_event WHERE correlation_id = ? ORDER BY id""", record.get("correlation_id")));
        return history;
    }
}
