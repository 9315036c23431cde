package io.omnihub.inbound.bol;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.omnihub.inbound.bol.BolOrderPoll.ListedOrder;

/**
 * The bol.com orders the poller took that bol still has open ({@code bol_open_order}), so a
 * cancellation bol makes later reaches the hub: bol's list shows open orders only, and the poller
 * takes only those beyond its watermark. Each poll compares the list with what the hub last read of
 * every tracked order; one that left the list (cancelled or shipped) or whose items changed (units
 * cancelled, bol's change time) is read again, the longest unread first, a bounded number per poll.
 * An order is forgotten once final (no unit left open); a read that fails keeps it for the next poll.
 */
@Component
@ConditionalOnProperty(prefix = "omnihub.bol.orders", name = "enabled", havingValue = "true")
public class BolOpenOrders {

    /** An order item as the hub last read it: what bol's list is compared with. */
    public record ItemSeen(String orderItemId, int quantityCancelled, String latestChangedDateTime, boolean open) {

        /** The item as an order (list or detail) shows it: open while units are neither shipped nor cancelled. */
        static ItemSeen of(JsonNode item) {
            int quantity = item.path("quantity").asInt(0);
            int cancelled = item.path("quantityCancelled").asInt(0);
            return new ItemSeen(item.path("orderItemId").asText(""), cancelled, item.path("latestChangedDateTime").asText(""),
                    quantity - item.path("quantityShipped").asInt(0) - cancelled > 0);
        }
    }

    private static final int MAX_ERROR = 2000;
    private static final TypeReference<List<ItemSeen>> ITEMS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    public BolOpenOrders(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The items of an order as bol shows it. */
    public static List<ItemSeen> items(JsonNode order) {
        List<ItemSeen> items = new ArrayList<>();
        order.path("orderItems").forEach(item -> items.add(ItemSeen.of(item)));
        return items;
    }

    /** True when no unit is left open: every unit shipped or cancelled, nothing more can change the reservation. */
    public static boolean isFinal(List<ItemSeen> items) {
        return items.stream().noneMatch(ItemSeen::open);
    }

    /**
     * The tracked orders of {@code listing} to read again, given bol's open list by order id: those no
     * longer listed and those whose listed items differ from what was read; the longest unread first,
     * at most {@code limit}. The others wait for a later poll.
     */
    public List<ListedOrder> toReread(String listing, Map<String, JsonNode> listed, int limit) {
        List<ListedOrder> changed = new ArrayList<>();
        jdbc.query("SELECT order_id, placed_at, items FROM bol_open_order WHERE listing = ? ORDER BY read_at, order_id",
                rs -> {
                    if (changed.size() < limit && changed(read(rs.getString(3)), listed.get(rs.getString(1)))) {
                        changed.add(new ListedOrder(rs.getString(1), rs.getTimestamp(2).toInstant()));
                    }
                }, listing);
        return changed;
    }

    /**
     * Whether bol's list entry (null: not listed) differs from the items as read: every item still
     * open must be listed, and every listed item as read (a listed item the hub has not read is new).
     * bol's open list may leave out an order's handled items, so a handled item missing is no change.
     */
    static boolean changed(List<ItemSeen> read, JsonNode listedOrder) {
        if (listedOrder == null) {
            return true;
        }
        Map<String, ItemSeen> listedItems = new HashMap<>();
        listedOrder.path("orderItems").forEach(item -> listedItems.put(item.path("orderItemId").asText(""), ItemSeen.of(item)));
        Map<String, ItemSeen> readItems = new HashMap<>();
        read.forEach(item -> readItems.put(item.orderItemId(), item));
        for (ItemSeen listedItem : listedItems.values()) {
            ItemSeen before = readItems.get(listedItem.orderItemId());
            if (before == null || before.quantityCancelled() != listedItem.quantityCancelled()
                    || !before.latestChangedDateTime().equals(listedItem.latestChangedDateTime())) {
                return true;
            }
        }
        return read.stream().anyMatch(item -> item.open() && !listedItems.containsKey(item.orderItemId()));
    }

    /** Tracks the order as just read (taken or read again), or forgets it when it is final. */
    public void remember(String listing, ListedOrder order, int version, List<ItemSeen> items) {
        if (isFinal(items)) {
            forget(listing, order.orderId());
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        String text = write(items);
        if (jdbc.update("""
                UPDATE bol_open_order SET record_version = ?, items = ?, read_at = ?, failures = 0, last_error = NULL
                WHERE listing = ? AND order_id = ?""", version, text, now, listing, order.orderId()) == 0) {
            jdbc.update("""
                    INSERT INTO bol_open_order (listing, order_id, record_version, items, placed_at, read_at)
                    VALUES (?, ?, ?, ?, ?, ?)""", listing, order.orderId(), version, text, Timestamp.from(order.placedAt()), now);
        }
    }

    public void forget(String listing, String orderId) {
        jdbc.update("DELETE FROM bol_open_order WHERE listing = ? AND order_id = ?", listing, orderId);
    }

    /** A read again that failed: the order stays tracked as it was read before, behind the others for the next poll. */
    public void failed(String listing, String orderId, String reason) {
        jdbc.update("UPDATE bol_open_order SET read_at = ?, failures = failures + 1, last_error = ? WHERE listing = ? AND order_id = ?",
                Timestamp.from(clock.instant()), reason.length() <= MAX_ERROR ? reason : reason.substring(0, MAX_ERROR - 1) + "…",
                listing, orderId);
    }

    private List<ItemSeen> read(String text) {
        try {
            return json.readValue(text, ITEMS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bol_open_order holds items that are not the hub's JSON: " + e.getOriginalMessage(), e);
        }
    }

    private String write(List<ItemSeen> items) {
        try {
            return json.writeValueAsString(items);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
