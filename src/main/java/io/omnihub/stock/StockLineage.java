package io.omnihub.stock;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.omnihub.api.RejectedInputException;

/**
 * Read side of the stock core for operators: "what happened to SKU X" (position, reservations,
 * availability, every change with the event that made it, and the outbound calls that carried it
 * to the channels), and the oversold orders.
 */
@Component("stockLineage")
public class StockLineage {

    private final JdbcTemplate jdbc;

    public StockLineage(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Map<String, Object> sku(@Header("sku") String sku) {
        if (jdbc.queryForObject("SELECT COUNT(*) FROM stock_sku WHERE sku = ?", Integer.class, sku) == 0) {
            throw new RejectedInputException(404, "The stock core has seen no event for SKU '" + sku + "'");
        }
        Map<String, Object> lineage = new LinkedHashMap<>();
        lineage.put("sku", sku);
        lineage.put("positions", jdbc.queryForList(
                "SELECT location_id, on_hand, counted_at FROM stock_position WHERE sku = ? ORDER BY location_id", sku));
        lineage.put("reservations", jdbc.queryForList("""
                SELECT order_id, channel, location_id, quantity, status, created_at, released_at
                FROM stock_reservation WHERE sku = ? ORDER BY created_at, order_id""", sku));
        lineage.put("availability", jdbc.queryForList("""
                SELECT channel, NULLIF(location_id, '') AS location_id, available, updated_at
                FROM channel_availability WHERE sku = ? ORDER BY channel, location_id""", sku));
        lineage.put("oversells", oversells(sku));
        lineage.put("outboundCalls", jdbc.queryForList("""
                SELECT c.id, c.target, c.operation, c.http_status, c.outcome, COALESCE(x.outcome, c.outcome) AS change_outcome,
                       c.detail, c.started_at, c.duration_ms, x.location_id, x.quantity, x.correlation_id
                FROM outbound_call_change x JOIN outbound_call c ON c.id = x.call_id
                WHERE x.sku = ? ORDER BY c.id DESC LIMIT 100""", sku));
        lineage.put("changes", jdbc.queryForList("""
                SELECT c.changed_at, c.quantity, c.location_id, c.channel, c.before_qty, c.after_qty,
                       c.event_id, e.entity, e.record_id, e.correlation_id, e.outcome
                FROM stock_change c JOIN stock_event e ON e.event_id = c.event_id
                WHERE c.sku = ? ORDER BY c.id DESC LIMIT 500""", sku));
        return lineage;
    }

    /** What the stock core did with the events of one correlation id: each event's outcome and the changes it made. */
    public List<Map<String, Object>> byCorrelation(String correlationId) {
        return jdbc.queryForList("""
                SELECT e.event_id, e.entity, e.record_id, e.outcome, e.detail, e.applied_at,
                       c.quantity, c.location_id, c.channel, c.before_qty, c.after_qty
                FROM stock_event e LEFT JOIN stock_change c ON c.event_id = e.event_id
                WHERE e.correlation_id = ? ORDER BY e.applied_at, c.id""", correlationId);
    }

    public List<Map<String, Object>> oversells() {
        return oversells(null);
    }

    private List<Map<String, Object>> oversells(String sku) {
        String select = "SELECT order_id, channel, sku, quantity, free, holding_orders, reason, event_id, flagged_at FROM stock_oversell ";
        // two statements: PostgreSQL cannot type a parameter that is only compared with NULL
        return sku == null ? jdbc.queryForList(select + "ORDER BY id DESC LIMIT 500")
                : jdbc.queryForList(select + "WHERE sku = ? ORDER BY id DESC LIMIT 500", sku);
    }
}
