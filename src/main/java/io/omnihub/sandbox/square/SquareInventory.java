package io.omnihub.sandbox.square;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.omnihub.sandbox.square.SquareObjects.Adjustment;
import io.omnihub.sandbox.square.SquareObjects.InventoryChange;
import io.omnihub.sandbox.square.SquareObjects.InventoryCount;
import io.omnihub.sandbox.square.SquareObjects.PhysicalCount;
import io.omnihub.sandbox.square.SquareObjects.Source;

/**
 * Square's inventory of the seller: a count per (item variation, location, state) and the history
 * of changes behind it. Changes are placed by their client timestamp {@code occurred_at}, as Square
 * does: a count is the latest physical count plus the adjustments that occurred at or after it, so a
 * physical count older than the latest one, or an adjustment older than it, leaves the count as it is.
 * Opening stock is the reference retailer's on-hand, older than anything a client sends.
 * Not thread-safe: {@link SquareAccount} serialises access.
 */
final class SquareInventory {

    /** Square's InventoryState values. */
    enum State {
        CUSTOM, IN_STOCK, SOLD, RETURNED_BY_CUSTOMER, RESERVED_FOR_SALE, SOLD_ONLINE, ORDERED_FROM_VENDOR,
        RECEIVED_FROM_VENDOR, IN_TRANSIT_TO, NONE, WASTE, UNLINKED_RETURN, COMPOSED, DECOMPOSED,
        SUPPORTED_BY_NEWER_VERSION, IN_TRANSIT;

        /** Square keeps no count in NONE, SOLD and UNLINKED_RETURN: goods enter or leave the books there. */
        boolean counted() {
            return this != NONE && this != SOLD && this != UNLINKED_RETURN;
        }
    }

    /** The change types simulated (TRANSFER between locations is not). */
    enum Type { PHYSICAL_COUNT, ADJUSTMENT }

    /**
     * One validated change. A physical count has only {@code to} (its state); {@code field} is the
     * request path of the change's body ({@code changes[0].adjustment}) for errors.
     */
    record Change(Type type, int item, int store, State from, State to, BigDecimal quantity, Instant occurredAt,
            String field) {
    }

    /** One count, with the numbers of its item and store in catalogue order. */
    record Key(int item, int store, State state) {

        static final Comparator<Key> ORDER = Comparator.comparingInt(Key::item).thenComparingInt(Key::store)
                .thenComparing(Key::state);
    }

    record Entry(Key key, BigDecimal quantity, Instant calculatedAt) {
    }

    /** What one batch of changes did: the changes recorded, the counts they referenced and the counts that moved. */
    record Result(List<InventoryChange> changes, List<InventoryCount> counts, List<InventoryCount> updated) {
    }

    record Page<T>(List<T> items, String cursor) {
    }

    /** Filters of the batch-retrieve calls; a null set means "no filter". */
    record Query(Set<Integer> items, Set<Integer> stores, Set<State> states, Set<Type> types, Instant updatedAfter,
            Instant updatedBefore, String cursor, int limit) {
    }

    private record Move(Instant occurredAt, BigDecimal delta) {
    }

    private record Recorded(long sequence, Type type, int item, int store, Set<State> states, Instant createdAt,
            InventoryChange change) {
    }

    /** The count of one item in one state at one location. */
    private static final class Position {
        private Instant countedAt;
        private final List<Move> moves = new ArrayList<>();
        private BigDecimal quantity;
        private Instant calculatedAt;

        /** Opening stock, older than any change a client sends: every count and adjustment lands on it. */
        Position(BigDecimal opening, Instant now) {
            quantity = opening;
            calculatedAt = now;
        }

        /** Takes a physical count unless a later one is already in; adjustments before it are in it. */
        boolean count(BigDecimal quantity, Instant occurredAt, Instant now) {
            if (countedAt != null && occurredAt.isBefore(countedAt)) {
                return false;
            }
            countedAt = occurredAt;
            moves.removeIf(move -> move.occurredAt().isBefore(occurredAt));
            this.quantity = moves.stream().map(Move::delta).reduce(quantity, BigDecimal::add);
            calculatedAt = now;
            return true;
        }

        /** Adds an adjustment unless it occurred before the latest physical count. */
        boolean move(BigDecimal delta, Instant occurredAt, Instant now) {
            if (countedAt != null && occurredAt.isBefore(countedAt)) {
                return false;
            }
            moves.add(new Move(occurredAt, delta));
            quantity = quantity.add(delta);
            calculatedAt = now;
            return true;
        }
    }

    private static final State FIRST_STATE = State.values()[0];
    private static final State LAST_STATE = State.values()[State.values().length - 1];
    private static final String COUNTS_CURSOR = "counts:";
    private static final String CHANGES_CURSOR = "changes:";

    private final SquareCatalog catalog;
    private final Supplier<String> ids;
    private final NavigableMap<Key, Position> positions = new TreeMap<>(Key.ORDER);
    private final List<Recorded> history = new ArrayList<>();

    SquareInventory(SquareCatalog catalog, Supplier<String> ids, Instant openedAt) {
        this.catalog = catalog;
        this.ids = ids;
        for (int item = 0; item < catalog.variations().size(); item++) {
            Map<String, Integer> onHand = catalog.variation(item).onHand();
            for (int store = 0; store < catalog.stores().size(); store++) {
                positions.put(new Key(item, store, State.IN_STOCK),
                        new Position(BigDecimal.valueOf(onHand.get(catalog.store(store).id())), openedAt));
            }
        }
    }

    /**
     * Applies a batch in request order. With {@code ignoreUnchanged}, a physical count equal to the
     * current count is dropped (not recorded). Changes that occur in the future are refused first.
     */
    Result apply(List<Change> changes, Source source, boolean ignoreUnchanged, Instant now) {
        for (Change change : changes) {
            if (change.occurredAt().isAfter(now)) {
                String field = change.field() + ".occurred_at";
                throw SquareApiException.invalid("INVALID_VALUE", "`" + field + "` cannot be later than the current time.", field);
            }
        }
        List<InventoryChange> recorded = new ArrayList<>();
        Set<Key> updated = new LinkedHashSet<>();
        Set<Key> referenced = new LinkedHashSet<>();
        for (Change change : changes) {
            referenced.add(new Key(change.item(), change.store(), FIRST_STATE));
            if (change.type() == Type.PHYSICAL_COUNT) {
                Key key = new Key(change.item(), change.store(), change.to());
                Position position = position(key, now);
                if (ignoreUnchanged && position.quantity.compareTo(change.quantity()) == 0) {
                    continue;
                }
                if (position.count(change.quantity(), change.occurredAt(), now)) {
                    updated.add(key);
                }
            } else {
                move(change, change.from(), change.quantity().negate(), now, updated);
                move(change, change.to(), change.quantity(), now, updated);
            }
            recorded.add(record(change, source, now));
        }
        List<InventoryCount> counts = new ArrayList<>();
        referenced.forEach(first -> positions
                .subMap(first, true, new Key(first.item(), first.store(), LAST_STATE), true)
                .forEach((key, position) -> counts.add(render(key, position))));
        return new Result(recorded, counts, updated.stream().map(key -> render(key, positions.get(key))).toList());
    }

    /** Current counts, optionally of one item, store or state, in catalogue order. */
    List<Entry> entries(Predicate<Key> filter) {
        return positions.entrySet().stream()
                .filter(e -> filter.test(e.getKey()))
                .map(e -> new Entry(e.getKey(), e.getValue().quantity, e.getValue().calculatedAt))
                .toList();
    }

    Page<InventoryCount> counts(Query query) {
        Key after = query.cursor() == null ? null : countsCursor(query.cursor());
        var candidates = after == null ? positions : positions.tailMap(after, false);
        List<InventoryCount> page = new ArrayList<>();
        Key last = null;
        for (var entry : candidates.entrySet()) {
            Key key = entry.getKey();
            if (matches(query.items(), key.item()) && matches(query.stores(), key.store())
                    && matches(query.states(), key.state())
                    && (query.updatedAfter() == null || entry.getValue().calculatedAt.isAfter(query.updatedAfter()))) {
                if (page.size() == query.limit()) {
                    return new Page<>(page, encode(COUNTS_CURSOR + last.item() + "." + last.store() + "." + last.state()));
                }
                page.add(render(key, entry.getValue()));
                last = key;
            }
        }
        return new Page<>(page, null);
    }

    Page<InventoryChange> changes(Query query) {
        long after = query.cursor() == null ? -1 : changesCursor(query.cursor());
        List<InventoryChange> page = new ArrayList<>();
        for (Recorded r : history.subList((int) Math.min(after + 1, history.size()), history.size())) {
            if (matches(query.items(), r.item()) && matches(query.stores(), r.store()) && matches(query.types(), r.type())
                    && (query.states() == null || r.states().stream().anyMatch(query.states()::contains))
                    && (query.updatedAfter() == null || r.createdAt().isAfter(query.updatedAfter()))
                    && (query.updatedBefore() == null || r.createdAt().isBefore(query.updatedBefore()))) {
                if (page.size() == query.limit()) {
                    return new Page<>(page, encode(CHANGES_CURSOR + (r.sequence() - 1)));
                }
                page.add(r.change());
            }
        }
        return new Page<>(page, null);
    }

    private void move(Change change, State state, BigDecimal delta, Instant now, Set<Key> updated) {
        if (state.counted()) {
            Key key = new Key(change.item(), change.store(), state);
            if (position(key, now).move(delta, change.occurredAt(), now)) {
                updated.add(key);
            }
        }
    }

    private Position position(Key key, Instant now) {
        return positions.computeIfAbsent(key, k -> new Position(BigDecimal.ZERO, now));
    }

    private InventoryChange record(Change change, Source source, Instant now) {
        String itemId = catalog.variation(change.item()).squareVariationId();
        String locationId = catalog.store(change.store()).squareId();
        String quantity = SquareObjects.quantity(change.quantity());
        String occurredAt = SquareObjects.timestamp(change.occurredAt());
        String createdAt = SquareObjects.timestamp(now);
        InventoryChange recorded = change.type() == Type.PHYSICAL_COUNT
                ? new InventoryChange(Type.PHYSICAL_COUNT.name(), new PhysicalCount(ids.get(), itemId, "ITEM_VARIATION",
                        change.to().name(), locationId, quantity, source, occurredAt, createdAt), null)
                : new InventoryChange(Type.ADJUSTMENT.name(), null, new Adjustment(ids.get(), change.from().name(),
                        change.to().name(), locationId, itemId, "ITEM_VARIATION", quantity, source, occurredAt, createdAt));
        Set<State> states = change.from() == null ? Set.of(change.to()) : Set.of(change.from(), change.to());
        history.add(new Recorded(history.size(), change.type(), change.item(), change.store(), states, now, recorded));
        return recorded;
    }

    private InventoryCount render(Key key, Position position) {
        return new InventoryCount(catalog.variation(key.item()).squareVariationId(), "ITEM_VARIATION", key.state().name(),
                catalog.store(key.store()).squareId(), SquareObjects.quantity(position.quantity),
                SquareObjects.timestamp(position.calculatedAt));
    }

    private static <T> boolean matches(Set<T> filter, T value) {
        return filter == null || filter.contains(value);
    }

    private static String encode(String cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
    }

    private static Key countsCursor(String cursor) {
        try {
            String[] parts = decode(cursor, COUNTS_CURSOR).split("\\.");
            return new Key(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), State.valueOf(parts[2]));
        } catch (RuntimeException e) {
            throw invalidCursor();
        }
    }

    private static long changesCursor(String cursor) {
        try {
            long after = Long.parseLong(decode(cursor, CHANGES_CURSOR));
            if (after < 0) {
                throw invalidCursor();
            }
            return after;
        } catch (RuntimeException e) {
            throw invalidCursor();
        }
    }

    private static String decode(String cursor, String prefix) {
        String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        if (!decoded.startsWith(prefix)) {
            throw invalidCursor();
        }
        return decoded.substring(prefix.length());
    }

    private static SquareApiException invalidCursor() {
        return SquareApiException.invalid("INVALID_CURSOR", "The pagination cursor is not valid for this call.", "cursor");
    }
}
