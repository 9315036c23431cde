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
import io.omnihub.inbound.files.PartnerFileReceipts;
import io.omnihub.outbound.OutboundCalls;
import io.omnihub.stock.StockLineage;

/**
 * "What happened to this inbound record": the webhook inbox row, the ERP hand-off record or the
 * partner file line (received, outcome), and the canonical events it became, linked by the
 * correlation id given at the door.
 */
@Component("inboundHistory")
public class InboundHistory {

    /** Answers list at most this many lines or events; the line endpoint has the rest. */
    private static final int MAX_LISTED = 1000;
    private static final String ERP_PATH = "/api/inbound/erp/";

    private static final String EVENTS = """
            SELECT e.event_id, e.entity, e.entity_id, e.source, e.event_time, e.stored_at FROM ingested_event e""";

    private final JdbcTemplate jdbc;
    private final PartnerFileReceipts receipts;
    private final StockLineage stock;
    private final OutboundCalls outboundCalls;

    public InboundHistory(JdbcTemplate jdbc, PartnerFileReceipts receipts, StockLineage stock, OutboundCalls outboundCalls) {
        this.jdbc = jdbc;
        this.receipts = receipts;
        this.stock = stock;
        this.outboundCalls = outboundCalls;
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

    /**
     * The whole chain of an inbound record, all linked by its correlation id: the record, the
     * canonical events (its own, then those derived from it), what the stock core did with them, and
     * the outbound calls that carried the resulting changes to the channels.
     */
    private Map<String, Object> history(String name, Map<String, Object> record) {
        String correlationId = (String) record.get("correlation_id");
        Map<String, Object> history = new LinkedHashMap<>();
        history.put("correlationId", correlationId);
        history.put(name, record);
        history.put("events", jdbc.queryForList(EVENTS + " WHERE e.correlation_id = ? ORDER BY e.id", correlationId));
        history.put("stock", stock.byCorrelation(correlationId));
        history.put("outboundCalls", outboundCalls.byCorrelationId(correlationId));
        return history;
    }

    /**
     * A partner file, by the name it was dropped under (the newest such file) or the name it was
     * archived or refused under: its outcome, its lines per outcome, the lines not applied with
     * column and reason, and the events its lines became.
     */
    public Map<String, Object> file(@Header("partner") String partner, @Header("fileName") String fileName) {
        Map<String, Object> file = partnerFile(partner, fileName);
        long id = ((Number) file.get("id")).longValue();
        Map<String, Object> history = new LinkedHashMap<>();
        history.put("correlationId", file.get("correlation_id"));
        history.put("file", file);
        history.put("lines", receipts.lineCounts(id));
        history.put("notApplied", jdbc.queryForList("""
                SELECT line_number, status, source_column, reason, correlation_id FROM partner_file_line
                WHERE file_id = ? AND status <> 'PUBLISHED' ORDER BY line_number LIMIT ?""", id, MAX_LISTED));
        history.put("events", jdbc.queryForList(EVENTS + """
                 JOIN partner_file_line l ON l.correlation_id = e.correlation_id
                WHERE l.file_id = ? ORDER BY l.line_number, e.id LIMIT ?""", id, MAX_LISTED));
        return history;
    }

    /** One line of a partner file (named as for {@link #file}): its outcome and the event it became. */
    public Map<String, Object> fileLine(@Header("partner") String partner, @Header("fileName") String fileName,
            @Header("line") String line) {
        long number;
        try {
            number = Long.parseLong(line);
        } catch (NumberFormatException e) {
            number = 0;
        }
        if (number < 1) {
            throw RejectedInputException.badRequest("Line '" + line + "' is not a line number (1, 2, ...)");
        }
        Map<String, Object> file = partnerFile(partner, fileName);
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT line_number, correlation_id, status, source_column, reason, entity, record_id, event_id, processed_at
                FROM partner_file_line WHERE file_id = ? AND line_number = ?""", file.get("id"), number);
        if (rows.isEmpty()) {
            boolean refusedWhole = "REJECTED".equals(file.get("status")) || "DUPLICATE".equals(file.get("status"));
            throw new RejectedInputException(404, partner + " file " + file.get("file_name") + " (received "
                    + file.get("received_at") + ") " + (refusedWhole
                            ? "was refused whole, none of its lines was read: " + file.get("outcome")
                            : "has no row starting at line " + number + " (a header, a blank line, inside a row, or past the end)"));
        }
        Map<String, Object> outcome = rows.get(0);
        Map<String, Object> history = new LinkedHashMap<>();
        history.put("correlationId", outcome.get("correlation_id"));
        history.put("file", file);
        history.put("line", outcome);
        history.put("events", jdbc.queryForList(EVENTS + " WHERE e.correlation_id = ? ORDER BY e.id", outcome.get("correlation_id")));
        return history;
    }

    /** The partner's newest file with that name, as dropped or where it was moved: two index lookups. */
    private Map<String, Object> partnerFile(String partner, String fileName) {
        List<Map<String, Object>> files = jdbc.queryForList("""
                SELECT id, partner, file_name, correlation_id, status, outcome, received_at, processed_at, moved_to,
                       duplicate_of, size_bytes, format, content_hash
                FROM partner_file WHERE id = (SELECT MAX(id) FROM (
                    SELECT MAX(id) AS id FROM partner_file WHERE partner = ? AND file_name = ?
                    UNION ALL
                    SELECT MAX(id) FROM partner_file WHERE partner = ? AND moved_name = ?) newest)""",
                partner, fileName, partner, fileName);
        if (files.isEmpty()) {
            throw new RejectedInputException(404, "No " + partner + " file named '" + fileName + "' was picked up");
        }
        return files.get(0);
    }
}
