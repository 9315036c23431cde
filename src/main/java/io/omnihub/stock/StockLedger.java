package io.omnihub.stock;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.omnihub.canonical.CanonicalRecord;
import io.omnihub.canonical.InventoryAdjustment;
import io.omnihub.canonical.InventoryLevel;
import io.omnihub.canonical.Order;
import io.omnihub.correlation.CorrelationIds;
import io.omnihub.event.CloudEvents;
import io.omnihub.event.EventBatches;
import io.omnihub.event.EventIds;
import io.omnihub.event.RejectedEvents;

/**
 * The one stock position: applies canonical inventory levels (counts), adjustments (deltas) and
 * orders (reservations) to on hand and reserved per SKU and location, then works out what each
 * channel may sell (on hand at its locations − reserved − its safety stock, never below zero) and
 * answers the availability that changed, to be published.
 *
 * <p>The events of one Kafka poll are applied in one transaction that first takes the lock rows of
 * all their SKUs (in one order, so hubs sharing the database never deadlock), so events for one SKU
 * never interleave, and records each event id, so a redelivered event changes nothing. A count
 * older than the one applied is STALE. An order that finds too little free stock is not reserved
 * but flagged oversold, with the orders holding the units. Availability is worked out once per SKU
 * at the end of the batch, so a burst of sales of one SKU tells the channels its last figure only
 * (ADR 0008). If the batch fails, its events are applied one by one and an event that fails on its
 * own is parked in rejected_event with the reason; the others go on.
 */
@Component("stockLedger")
public class StockLedger {

    private static final Logger log = LoggerFactory.getLogger(StockLedger.class);
    private static final Set<String> OPEN_ORDER = Set.of("pending", "confirmed", "in-progress", "ready-for-pickup");

    /** A channel's new sellable quantity for a SKU (at one location for per-location channels). */
    public record AvailabilityChange(String channel, String sku, String locationId, int available, Instant computedAt,
            String eventId, String correlationId) {

        /** The canonical id of the availability record: channel, SKU and, for per-location channels, location. */
        public String id() {
            return channel + ":" + sku + (locationId == null ? "" : "@" + locationId);
        }
    }

    private final JdbcTemplate jdbc;
    private final EventBatches eventBatches;
    private final ChannelsProperties channels;
    private final ObjectMapper json;
    private final RejectedEvents rejectedEvents;
    private final Counter oversells;
    private final Counter applied;
    private final Clock clock = Clock.systemUTC();
    /** The batch being applied on this thread (a consumer's): its positions and lineage rows. */
    private final ThreadLocal<BatchState> batch = new ThreadLocal<>();

    public StockLedger(JdbcTemplate jdbc, EventBatches eventBatches, ChannelsProperties channels,
            ObjectMapper json, RejectedEvents rejectedEvents, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.eventBatches = eventBatches;
        this.channels = channels;
        this.json = json;
        this.rejectedEvents = rejectedEvents;
        this.oversells = Counter.builder("omnihub.stock.oversells").description("Orders flagged oversold").register(meters);
        this.applied = Counter.builder("omnihub.stock.events")
                .description("Events the stock core has handled (applied, stale, ignored or oversold)").register(meters);
    }

    /** One consumed event, opened by the events source. */
    private record StockEvent(String entity, String eventId, String correlationId, CanonicalRecord record, Exchange exchange) {

        /** The SKUs the record names, in the one order locks are taken everywhere (no deadlocks between SKUs). */
        Set<String> skus() {
            Set<String> skus = new TreeSet<>();
            if (record instanceof Order order) {
                order.lines().forEach(line -> skus.add(line.sku()));
            } else if (record instanceof InventoryLevel level) {
                skus.add(level.sku());
            } else if (record instanceof InventoryAdjustment adjustment) {
                skus.add(adjustment.sku());
            }
            return skus;
        }
    }

    private static final Map<String, Class<? extends CanonicalRecord>> TYPES = Map.of("inventory-level", InventoryLevel.class,
            "inventory-adjustment", InventoryAdjustment.class, "order", Order.class);

    /**
     * Applies a batch of consumed events (the body: the events source's opened exchanges) and
     * answers the availability records to publish, one per channel, SKU and location that changed,
     * ready for the events sink.
     */
    public List<Exchange> applyBatch(Exchange batch) throws IOException {
        List<StockEvent> events = new ArrayList<>();
        for (Object item : batch.getMessage().getBody(List.class)) {
            Exchange exchange = (Exchange) item;
            String entity = exchange.getProperty(CloudEvents.ENTITY, String.class);
            CanonicalRecord record;
            try {
                record = TYPES.containsKey(entity) ? json.readValue(exchange.getMessage().getBody(byte[].class), TYPES.get(entity)) : null;
            } catch (IOException e) {
                rejectedEvents.parkFailed(exchange, e);
                continue;
            }
            events.add(new StockEvent(entity, exchange.getProperty(CloudEvents.EVENT_ID, String.class),
                    CorrelationIds.of(exchange), record, exchange));
        }
        if (events.isEmpty()) {
            return List.of();
        }
        Map<String, AvailabilityChange> changes = new LinkedHashMap<>();
        for (Applied result : eventBatches.apply(events, StockEvent::exchange, this::apply)) {
            result.changes().forEach(change -> changes.put(change.id(), change));
            oversells.increment(result.oversold());
        }
        applied.increment(events.size());
        List<Exchange> records = new ArrayList<>();
        for (AvailabilityChange change : changes.values()) {
            records.add(availabilityEvent(batch, change));
        }
        return records;
    }

    /** An availability change as an exchange the events sink publishes on omnihub.availability.v1. */
    private Exchange availabilityEvent(Exchange batch, AvailabilityChange change) throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", change.id());
        record.put("sku", change.sku());
        record.put("channel", change.channel());
        if (change.locationId() != null) {
            record.put("locationId", change.locationId());
        }
        record.put("available", change.available());
        record.put("computedAt", change.computedAt().toString());
        Exchange exchange = new DefaultExchange(batch.getContext());
        CorrelationIds.use(exchange, change.correlationId());
        var message = exchange.getMessage();
        message.setHeader(CloudEvents.ENTITY, "availability");
        message.setHeader(CloudEvents.KEY, change.id());
        message.setHeader(CloudEvents.SOURCE, "/omnihub/stock");
        message.setHeader(CloudEvents.EVENT_ID, change.eventId());
        message.setBody(json.writeValueAsBytes(record));
        return exchange;
    }

    /** On hand of one SKU at one location as the batch sees it. */
    private static final class Position {
        int onHand;
        Instant countedAt;
        final boolean stored;
        boolean dirty;

        Position(int onHand, Instant countedAt, boolean stored) {
            this.onHand = onHand;
            this.countedAt = countedAt;
            this.stored = stored;
        }
    }

    /**
     * What a batch holds until its end: the positions of its SKUs, read in one query and written back
     * in one JDBC batch (under the SKUs' locks nobody else changes them), and the stock_change rows.
     */
    private static final class BatchState {
        final Map<String, Map<String, Position>> positions = new HashMap<>(); // SKU -> location -> position
        final List<Object[]> changes = new ArrayList<>();
    }

    /** What a batch did: each changed availability once, with its last value, and how many orders it flagged oversold. */
    private record Applied(Collection<AvailabilityChange> changes, int oversold) {
    }

    /** Applies the events in order in the caller's transaction. */
    private Applied apply(List<StockEvent> events) {
        BatchState state = new BatchState();
        batch.set(state);
        try {
            return apply(events, state);
        } finally {
            batch.remove();
        }
    }

    private Applied apply(List<StockEvent> events, BatchState state) {
        Instant now = clock.instant();
        Map<StockEvent, Set<String>> skusOf = skus(events);
        Set<String> allSkus = new TreeSet<>();
        skusOf.values().forEach(allSkus::addAll);
        lock(allSkus);
        readPositions(allSkus, state);
        Set<String> seen = new HashSet<>(jdbc.queryForList(
                "SELECT event_id FROM stock_event WHERE event_id IN " + parameters(events.size()),
                String.class, events.stream().map(StockEvent::eventId).toArray()));
        List<Object[]> eventRows = new ArrayList<>();
        int oversold = 0;
        Map<String, StockEvent> lastEventOf = new TreeMap<>();
        Set<String> republish = new HashSet<>();
        for (StockEvent event : events) {
            Set<String> skus = skusOf.get(event);
            skus.forEach(sku -> lastEventOf.put(sku, event));
            if (!seen.add(event.eventId())) {
                // also after a redelivery: what the channels were told may not have been published before a crash
                republish.addAll(skus);
                continue;
            }
            Outcome outcome = skus.isEmpty() ? new Outcome("IGNORED", "not a stock event")
                    : event.record() instanceof InventoryLevel level ? count(level, event.eventId(), now)
                    : event.record() instanceof InventoryAdjustment adjustment ? adjust(adjustment, event.eventId(), now)
                    : order((Order) event.record(), event.eventId(), now);
            oversold += outcome.status().equals("OVERSOLD") ? 1 : 0;
            eventRows.add(new Object[] {event.eventId(), event.entity(), event.record() == null ? event.exchange().getProperty(CloudEvents.KEY, String.class) : event.record().id(),
                    event.correlationId(), outcome.status(), outcome.detail(), Timestamp.from(now)});
        }
        writePositions(state);
        jdbc.batchUpdate("""
                INSERT INTO stock_event (event_id, entity, record_id, correlation_id, outcome, detail, applied_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", eventRows);
        List<AvailabilityChange> changes = availability(lastEventOf, republish, now);
        jdbc.batchUpdate("""
                INSERT INTO stock_change (sku, location_id, channel, quantity, before_qty, after_qty, event_id, changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", state.changes);
        return new Applied(changes, oversold);
    }

    /**
     * The SKUs each event moves: those its record names and, for an order, those it holds: a later
     * version of an order may leave out a line it no longer has, whose reservation it then frees.
     */
    private Map<StockEvent, Set<String>> skus(List<StockEvent> events) {
        Map<StockEvent, Set<String>> skus = new IdentityHashMap<>();
        Map<String, Set<String>> held = new HashMap<>();
        List<String> orderIds = events.stream().filter(e -> e.record() instanceof Order).map(e -> e.record().id()).distinct().toList();
        if (!orderIds.isEmpty()) {
            jdbc.query("SELECT DISTINCT order_id, sku FROM stock_reservation WHERE status = 'OPEN' AND order_id IN "
                    + parameters(orderIds.size()),
                    rs -> {
                        held.computeIfAbsent(rs.getString(1), id -> new TreeSet<>()).add(rs.getString(2));
                    }, orderIds.toArray());
        }
        for (StockEvent event : events) {
            Set<String> moved = event.skus();
            if (event.record() instanceof Order order && held.containsKey(order.id())) {
                moved.addAll(held.get(order.id()));
            }
            skus.put(event, moved);
        }
        return skus;
    }

    private void readPositions(Set<String> skus, BatchState state) {
        skus.forEach(sku -> state.positions.put(sku, new HashMap<>()));
        if (skus.isEmpty()) {
            return;
        }
        jdbc.query("SELECT sku, location_id, on_hand, counted_at FROM stock_position WHERE sku IN "
                + parameters(skus.size()),
                rs -> {
                    state.positions.get(rs.getString(1)).put(rs.getString(2),
                            new Position(rs.getInt(3), rs.getTimestamp(4).toInstant(), true));
                }, skus.toArray());
    }

    private void writePositions(BatchState state) {
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        state.positions.forEach((sku, atLocations) -> atLocations.forEach((location, position) -> {
            if (!position.stored) {
                inserts.add(new Object[] {sku, location, position.onHand, Timestamp.from(position.countedAt)});
            } else if (position.dirty) {
                updates.add(new Object[] {position.onHand, Timestamp.from(position.countedAt), sku, location});
            }
        }));
        jdbc.batchUpdate("INSERT INTO stock_position (sku, location_id, on_hand, counted_at) VALUES (?, ?, ?, ?)", inserts);
        jdbc.batchUpdate("UPDATE stock_position SET on_hand = ?, counted_at = ? WHERE sku = ? AND location_id = ?", updates);
    }

    private Map<String, Position> position(String sku) {
        return batch.get().positions.get(sku);
    }

    private Position position(String sku, String location) {
        return position(sku).get(location);
    }

    private void newPosition(String sku, String location, int onHand, Instant countedAt) {
        batch.get().positions.get(sku).put(location, new Position(onHand, countedAt, false));
    }

    private record Outcome(String status, String detail) {
    }

    /**
     * Takes the SKUs' lock rows in their sorted order: first creates the rows of SKUs not seen before
     * (another hub creating the same row meanwhile makes the INSERT wait for it, then do nothing), then
     * locks them all with an UPDATE, which holds each row until commit. Batched: a round trip each.
     */
    private void lock(Set<String> sortedSkus) {
        if (sortedSkus.isEmpty()) {
            return;
        }
        Set<String> known = new HashSet<>(jdbc.queryForList("SELECT sku FROM stock_sku WHERE sku IN "
                + parameters(sortedSkus.size()), String.class, sortedSkus.toArray()));
        jdbc.batchUpdate("INSERT INTO stock_sku (sku) VALUES (?) ON CONFLICT DO NOTHING",
                sortedSkus.stream().filter(sku -> !known.contains(sku)).map(sku -> new Object[] {sku}).toList());
        jdbc.batchUpdate("UPDATE stock_sku SET changes = changes + 1 WHERE sku = ?",
                sortedSkus.stream().map(sku -> new Object[] {sku}).toList());
    }

    /** A count sets on hand, unless the location has a newer count already. */
    private Outcome count(InventoryLevel level, String eventId, Instant now) {
        if (level.onHand() == null) {
            return new Outcome("IGNORED", "no onHand in the inventory level");
        }
        String sku = level.sku();
        String location = level.locationId();
        Instant countedAt = level.updatedAt();
        int onHand = level.onHand();
        Position current = position(sku, location);
        if (current == null) {
            newPosition(sku, location, onHand, countedAt);
            changed(sku, location, null, "ON_HAND", null, onHand, eventId, now);
            return new Outcome("APPLIED", "on hand " + onHand);
        }
        if (countedAt.isBefore(current.countedAt)) {
            return new Outcome("STALE", "counted " + countedAt + ", the position has a count of " + current.countedAt);
        }
        int before = current.onHand;
        current.onHand = onHand;
        current.countedAt = countedAt;
        current.dirty = true;
        changed(sku, location, null, "ON_HAND", before, onHand, eventId, now);
        return new Outcome("APPLIED", "on hand " + before + " -> " + onHand);
    }

    /** A delta moves on hand; deltas commute, so their order does not matter. */
    private Outcome adjust(InventoryAdjustment adjustment, String eventId, Instant now) {
        if (!adjustment.bucketOrOnHand().equals("onHand")) {
            return new Outcome("IGNORED", "moves " + adjustment.bucket() + ", not on hand");
        }
        String sku = adjustment.sku();
        String location = adjustment.locationId();
        int delta = adjustment.delta();
        Instant at = adjustment.occurredAt();
        Integer before = onHand(sku, location);
        if (before == null) {
            newPosition(sku, location, delta, at);
        } else {
            Position current = position(sku, location);
            current.onHand += delta;
            current.dirty = true;
        }
        int after = (before == null ? 0 : before) + delta;
        changed(sku, location, null, "ON_HAND", before, after, eventId, now);
        return new Outcome("APPLIED", "on hand " + (before == null ? 0 : before) + " " + (delta >= 0 ? "+" : "") + delta);
    }

    /**
     * An open order reserves the units of its lines not yet handed over (all or none); a cancelled or
     * completed one frees them; a later open version with fewer such units (some cancelled or shipped)
     * frees what it no longer needs.
     */
    private Outcome order(Order order, String eventId, Instant now) {
        String orderId = order.id();
        String status = order.status();
        boolean reserved = jdbc.queryForObject("SELECT COUNT(*) FROM stock_reservation WHERE order_id = ?", Integer.class, orderId) > 0;
        if (!OPEN_ORDER.contains(status)) {
            int released = 0;
            for (Map<String, Object> r : jdbc.queryForList(
                    "SELECT sku, location_id, quantity FROM stock_reservation WHERE order_id = ? AND status = 'OPEN'", orderId)) {
                String sku = (String) r.get("sku");
                String location = (String) r.get("location_id");
                int before = reserved(sku, location);
                jdbc.update("""
                        UPDATE stock_reservation SET status = 'RELEASED', released_at = ?
                        WHERE order_id = ? AND sku = ? AND location_id = ?""", Timestamp.from(now), orderId, sku, location);
                changed(sku, location, null, "RESERVED", before, before - ((Number) r.get("quantity")).intValue(), eventId, now);
                released++;
            }
            return new Outcome("APPLIED", "order " + status + ": " + released + " reservation(s) released");
        }
        String channel = order.channel();
        String pickup = order.pickupLocationId();
        ChannelsProperties.Channel served = channels.channels().get(channel);
        List<String> locations = pickup != null ? List.of(pickup) : served != null ? served.locations() : List.of();
        if (reserved) {
            return shrink(order, locations, eventId, now);
        }
        if (jdbc.queryForObject("SELECT COUNT(*) FROM stock_oversell WHERE order_id = ?", Integer.class, orderId) > 0) {
            return new Outcome("IGNORED", "order " + orderId + " was placed before; status " + status);
        }
        Map<String, Map<String, Integer>> plan = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Integer> line : quantities(order).entrySet()) {
            Map<String, Integer> allocation = allocate(line.getKey(), line.getValue(), locations);
            if (allocation == null) {
                missing.add(line.getKey());
            } else {
                plan.put(line.getKey(), allocation);
            }
        }
        if (!missing.isEmpty()) {
            for (String sku : missing) {
                flagOversold(orderId, channel, sku, quantities(order).get(sku), locations, pickup, eventId, now);
            }
            return new Outcome("OVERSOLD", "no stock for " + missing + " at " + locations);
        }
        plan.forEach((sku, allocation) -> allocation.forEach((location, quantity) -> {
            int before = reserved(sku, location);
            jdbc.update("""
                    INSERT INTO stock_reservation (order_id, sku, location_id, channel, quantity, status, created_at)
                    VALUES (?, ?, ?, ?, ?, 'OPEN', ?)""", orderId, sku, location, channel, quantity, Timestamp.from(now));
            changed(sku, location, null, "RESERVED", before, before + quantity, eventId, now);
        }));
        return new Outcome("APPLIED", "reserved " + plan);
    }

    /**
     * A reserved order's later version: each SKU's reservation comes down to the units the order still
     * has to hand over (none for a line it no longer has), freed at the locations allocated last first. More units
     * than reserved are not taken: a grown order changes nothing here.
     */
    private Outcome shrink(Order order, List<String> locations, String eventId, Instant now) {
        Map<String, Integer> wanted = quantities(order);
        Map<String, List<Map<String, Object>>> held = new TreeMap<>();
        for (Map<String, Object> r : jdbc.queryForList(
                "SELECT sku, location_id, quantity FROM stock_reservation WHERE order_id = ? AND status = 'OPEN'", order.id())) {
            held.computeIfAbsent((String) r.get("sku"), sku -> new ArrayList<>()).add(r);
        }
        Map<String, Integer> freed = new TreeMap<>();
        held.forEach((sku, rows) -> {
            int excess = rows.stream().mapToInt(r -> ((Number) r.get("quantity")).intValue()).sum() - wanted.getOrDefault(sku, 0);
            rows.sort(Comparator.comparingInt((Map<String, Object> r) -> locations.indexOf((String) r.get("location_id"))).reversed());
            for (Map<String, Object> r : rows) {
                if (excess <= 0) {
                    break;
                }
                String location = (String) r.get("location_id");
                int quantity = ((Number) r.get("quantity")).intValue();
                int take = Math.min(excess, quantity);
                int before = reserved(sku, location);
                if (take == quantity) {
                    jdbc.update("""
                            UPDATE stock_reservation SET status = 'RELEASED', released_at = ?
                            WHERE order_id = ? AND sku = ? AND location_id = ?""", Timestamp.from(now), order.id(), sku, location);
                } else {
                    jdbc.update("UPDATE stock_reservation SET quantity = quantity - ? WHERE order_id = ? AND sku = ? AND location_id = ?",
                            take, order.id(), sku, location);
                }
                changed(sku, location, null, "RESERVED", before, before - take, eventId, now);
                freed.merge(sku, take, Integer::sum);
                excess -= take;
            }
        });
        if (freed.isEmpty()) {
            return new Outcome("IGNORED", "order " + order.id() + " was placed before; status " + order.status()
                    + ", no fewer units than reserved");
        }
        return new Outcome("APPLIED", "order " + order.id() + " has fewer units to hand over: freed " + freed);
    }

    private static Map<String, Integer> quantities(Order order) {
        Map<String, Integer> quantities = new TreeMap<>();
        order.lines().forEach(line -> quantities.merge(line.sku(), line.open(), Integer::sum));
        return quantities;
    }

    /** Takes the quantity from the locations in their configured order; null if they hold too little free stock. */
    private Map<String, Integer> allocate(String sku, int quantity, List<String> locations) {
        Map<String, Integer> allocation = new LinkedHashMap<>();
        int missing = quantity;
        for (String location : locations) {
            int take = Math.min(missing, free(sku, location));
            if (take > 0) {
                allocation.put(location, take);
                missing -= take;
            }
        }
        return missing == 0 ? allocation : null;
    }

    private void flagOversold(String orderId, String channel, String sku, int quantity, List<String> locations, String pickup,
            String eventId, Instant now) {
        int free = locations.stream().mapToInt(l -> free(sku, l)).sum();
        List<String> holders = jdbc.queryForList("""
                SELECT DISTINCT order_id FROM stock_reservation WHERE sku = ? AND status = 'OPEN' ORDER BY order_id""",
                String.class, sku).stream().limit(20).toList();
        String reason = "Ordered " + quantity + " of " + sku + " on " + channel + ", " + free + " free at "
                + (pickup != null ? "pickup store " + pickup : String.join(", ", locations))
                + (holders.isEmpty() ? "" : "; held by order(s) " + String.join(", ", holders));
        jdbc.update("""
                INSERT INTO stock_oversell (order_id, channel, sku, quantity, free, holding_orders, reason, event_id, flagged_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                orderId, channel, sku, quantity, free, String.join(",", holders), reason, eventId, Timestamp.from(now));
        log.warn("Oversold: order {} — {}", orderId, reason);
    }

    /**
     * The channels' sellable quantities for the batch's SKUs, compared with what they were last told;
     * answers the changed ones, or all of a SKU's when {@code republish} holds it (a redelivered event
     * republishes them). Each change names the last event of its SKU. Two reads and two JDBC batches
     * for the whole batch.
     */
    private List<AvailabilityChange> availability(Map<String, StockEvent> lastEventOf, Set<String> republish, Instant now) {
        if (lastEventOf.isEmpty()) {
            return List.of();
        }
        // free per SKU and location: on hand from the batch's positions, less what open orders hold
        Map<String, Map<String, Integer>> free = new HashMap<>();
        lastEventOf.keySet().forEach(sku -> {
            Map<String, Integer> atLocations = new HashMap<>();
            position(sku).forEach((location, position) -> atLocations.put(location, position.onHand));
            free.put(sku, atLocations);
        });
        String skus = parameters(lastEventOf.size());
        Object[] skuArgs = lastEventOf.keySet().toArray();
        jdbc.query("SELECT sku, location_id, SUM(quantity) FROM stock_reservation WHERE status = 'OPEN' AND sku IN " + skus
                + " GROUP BY sku, location_id",
                rs -> { free.get(rs.getString(1)).merge(rs.getString(2), -rs.getInt(3), Integer::sum); }, skuArgs);
        Map<String, Integer> told = new HashMap<>();
        jdbc.query("SELECT sku, channel, location_id, available FROM channel_availability WHERE sku IN " + skus,
                rs -> { told.put(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3), rs.getInt(4)); }, skuArgs);

        List<AvailabilityChange> changes = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        Timestamp at = Timestamp.from(now);
        lastEventOf.forEach((sku, event) -> channels.channels().forEach((code, channel) -> {
            int safety = channel.safetyStock().unitsFor(sku);
            Map<String, Integer> sellable = new LinkedHashMap<>();
            if (channel.perLocation()) {
                channel.locations().forEach(l -> sellable.put(l, Math.max(0, freeAt(free.get(sku), l) - safety)));
            } else {
                sellable.put("", Math.max(0, channel.locations().stream().mapToInt(l -> freeAt(free.get(sku), l)).sum() - safety));
            }
            sellable.forEach((location, available) -> {
                Integer before = told.get(sku + "/" + code + "/" + location);
                boolean changed = before == null || before.intValue() != available.intValue();
                if (before == null) {
                    inserts.add(new Object[] {code, sku, location, available, at});
                } else if (changed) {
                    updates.add(new Object[] {available, at, code, sku, location});
                }
                if (changed) {
                    changed(sku, location.isEmpty() ? null : location, code, "AVAILABLE", before, available, event.eventId(), now);
                }
                if (changed || republish.contains(sku)) {
                    String id = EventIds.named(event.eventId(), event.eventId() + "/" + code + "/" + location + "/" + available);
                    changes.add(new AvailabilityChange(code, sku, location.isEmpty() ? null : location, available, now, id,
                            event.correlationId()));
                }
            });
        }));
        jdbc.batchUpdate("INSERT INTO channel_availability (channel, sku, location_id, available, updated_at) VALUES (?, ?, ?, ?, ?)",
                inserts);
        jdbc.batchUpdate("UPDATE channel_availability SET available = ?, updated_at = ? WHERE channel = ? AND sku = ? AND location_id = ?",
                updates);
        return changes;
    }

    /** {@code (?, ?, …)} with {@code count} parameters, for an IN list. */
    private static String parameters(int count) {
        return "(" + String.join(", ", Collections.nCopies(count, "?")) + ")";
    }

    private static int freeAt(Map<String, Integer> free, String location) {
        return Math.max(0, free.getOrDefault(location, 0));
    }

    private int free(String sku, String location) {
        Integer onHand = onHand(sku, location);
        return Math.max(0, (onHand == null ? 0 : onHand) - reserved(sku, location));
    }

    private Integer onHand(String sku, String location) {
        Position position = position(sku, location);
        return position == null ? null : position.onHand;
    }

    private int reserved(String sku, String location) {
        return jdbc.queryForObject("""
                SELECT COALESCE(SUM(quantity), 0) FROM stock_reservation WHERE sku = ? AND location_id = ? AND status = 'OPEN'""",
                Integer.class, sku, location);
    }

    /** Records a state change for the lineage; written in one JDBC batch at the end of the transaction. */
    private void changed(String sku, String location, String channel, String quantity, Integer before, int after,
            String eventId, Instant now) {
        batch.get().changes.add(new Object[] {sku, location, channel, quantity, before, after, eventId, Timestamp.from(now)});
    }
}
