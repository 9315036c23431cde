package io.omnihub.sandbox.shopify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.shopify.ShopifyCatalog.InventoryItem;
import io.omnihub.sandbox.shopify.ShopifyCatalog.Location;

/**
 * Inventory levels per (item, location) with Shopify's named quantities. on_hand is never stored:
 * it is always the sum of the others except incoming, as Shopify defines it, so a change of available,
 * reserved … moves on_hand with it and setting on_hand moves available. A batch of changes is applied
 * atomically: either every compare-and-set expectation holds and all apply, or none does.
 */
public final class ShopifyInventory {

    public static final String AVAILABLE = "available";
    public static final String COMMITTED = "committed";
    public static final String INCOMING = "incoming";
    public static final String ON_HAND = "on_hand";

    /** The stored names, in the order Shopify lists them; on_hand is their sum without incoming. */
    private static final List<String> STORED = List.of(AVAILABLE, COMMITTED, "reserved", "damaged", "safety_stock",
            "quality_control", INCOMING);
    /** Every name a level answers for. */
    public static final List<String> NAMES = List.of(AVAILABLE, COMMITTED, "reserved", "damaged", "safety_stock",
            "quality_control", INCOMING, ON_HAND);
    private static final long GROUP_IDS = 31_000_000_000L;

    /**
     * A read-only view of one level at one moment, with every named quantity including on_hand.
     * {@code updatedAt} is the level's last change of any quantity; each quantity has its own, as
     * Shopify's InventoryQuantity.updatedAt: shipping moves committed and on_hand, not available.
     */
    public record InventoryLevel(String id, InventoryItem item, Location location, Map<String, Integer> quantities,
            Instant createdAt, Instant updatedAt, Map<String, Instant> quantitiesUpdatedAt) {

        public int quantity(String name) {
            return quantities.getOrDefault(name, 0);
        }

        public Instant updatedAt(String name) {
            return quantitiesUpdatedAt.getOrDefault(name, createdAt);
        }
    }

    /**
     * One requested change: an absolute value ({@code absolute}) or a delta for one name at one level.
     * {@code changeFrom} is the value the caller expects before the change, null for no check.
     */
    public record QuantityUpdate(InventoryItem item, Location location, String name, int amount, boolean absolute,
            Integer changeFrom, String ledgerDocumentUri) {
    }

    /** What one update did, as InventoryAdjustmentGroup.changes lists it. */
    public record InventoryChange(String name, int delta, Integer quantityAfterChange, String ledgerDocumentUri,
            InventoryItem item, Location location) {
    }

    /** A batch of changes as Shopify records it (InventoryAdjustmentGroup). */
    public record AdjustmentGroup(String id, Instant createdAt, String reason, String referenceDocumentUri,
            List<InventoryChange> changes) {
    }

    /** The outcome of a batch: its group, or the indexes of updates whose changeFrom was stale (then nothing applied). */
    public record Outcome(AdjustmentGroup group, List<Integer> staleIndexes) {
    }

    private static final class Level {
        final InventoryItem item;
        final Location location;
        final Map<String, Integer> stored = new LinkedHashMap<>();
        final Map<String, Instant> quantitiesUpdatedAt = new HashMap<>();
        Instant updatedAt = ShopifyCatalog.SEEDED_AT;

        Level(InventoryItem item, Location location, int available) {
            this.item = item;
            this.location = location;
            STORED.forEach(name -> stored.put(name, 0));
            stored.put(AVAILABLE, available);
        }

        /** These quantities changed at {@code at}. */
        void moved(Instant at, String... names) {
            updatedAt = at;
            for (String name : names) {
                quantitiesUpdatedAt.put(name, at);
            }
        }

        int get(String name) {
            return ON_HAND.equals(name) ? onHand() : stored.get(name);
        }

        int onHand() {
            return stored.entrySet().stream().filter(e -> !INCOMING.equals(e.getKey())).mapToInt(Map.Entry::getValue).sum();
        }

        InventoryLevel view() {
            Map<String, Integer> all = new LinkedHashMap<>(stored);
            all.put(ON_HAND, onHand());
            return new InventoryLevel(ShopifyCatalog.inventoryLevelId(item, location), item, location,
                    Collections.unmodifiableMap(all), ShopifyCatalog.SEEDED_AT, updatedAt, Map.copyOf(quantitiesUpdatedAt));
        }
    }

    private final ShopifyCatalog catalog;
    private final ReferenceRetailer retailer;
    private final Supplier<Instant> now;
    private final Consumer<InventoryLevel> availableChanged;
    /** Levels by item, then location, both in catalogue order. */
    private final Map<InventoryItem, Map<Location, Level>> levels = new LinkedHashMap<>();
    private long groups;

    /**
     * @param availableChanged told (inside the lock, so in order) of every level whose available
     *                         quantity changed; it must not block
     */
    ShopifyInventory(ShopifyCatalog catalog, ReferenceRetailer retailer, Supplier<Instant> now,
            Consumer<InventoryLevel> availableChanged) {
        this.catalog = catalog;
        this.retailer = retailer;
        this.now = now;
        this.availableChanged = availableChanged;
        reset();
    }

    /** Back to the seed: every item stocked at every location, available = the retailer's on-hand. */
    synchronized void reset() {
        levels.clear();
        groups = 0;
        for (ReferenceRetailer.Variant v : retailer.variants()) {
            InventoryItem item = catalog.variantBySku(v.sku()).orElseThrow().inventoryItem();
            Map<Location, Level> atLocations = new LinkedHashMap<>();
            for (Location location : catalog.locations()) {
                atLocations.put(location, new Level(item, location, v.onHand().get(location.canonicalId())));
            }
            levels.put(item, atLocations);
        }
    }

    private Level get(InventoryItem item, Location location) {
        return levels.get(item).get(location);
    }

    public synchronized Optional<InventoryLevel> level(InventoryItem item, Location location) {
        return Optional.ofNullable(levels.get(item)).map(at -> at.get(location)).map(Level::view);
    }

    /** The level with this id (gid://shopify/InventoryLevel/…?inventory_item_id=…), if any. */
    public synchronized Optional<InventoryLevel> level(String id) {
        return levels.values().stream().flatMap(at -> at.values().stream())
                .filter(l -> ShopifyCatalog.inventoryLevelId(l.item, l.location).equals(id)).findFirst().map(Level::view);
    }

    /** The levels of one item and/or at one location (null: any), in catalogue order: item, then location. */
    public synchronized List<InventoryLevel> levels(InventoryItem item, Location location) {
        return levels.entrySet().stream()
                .filter(e -> item == null || e.getKey().equals(item))
                .flatMap(e -> e.getValue().values().stream())
                .filter(l -> location == null || l.location.equals(location))
                .map(Level::view).toList();
    }

    /** Units available for sale of one item over all locations (ProductVariant.inventoryQuantity). */
    public synchronized int available(InventoryItem item) {
        return levels.get(item).values().stream().mapToInt(l -> l.get(AVAILABLE)).sum();
    }

    /**
     * Applies a batch atomically. Every update's changeFrom is checked first against the current
     * quantity (for several updates of one level, against the value after the earlier ones); if any
     * is stale nothing is applied. Callers validate items, locations and names before.
     */
    synchronized Outcome apply(String reason, String referenceDocumentUri, List<QuantityUpdate> updates) {
        List<Integer> stale = staleIndexes(updates);
        if (!stale.isEmpty()) {
            return new Outcome(null, stale);
        }
        Instant at = now.get();
        List<InventoryChange> changes = new ArrayList<>();
        Set<Level> availableMoved = new LinkedHashSet<>();
        for (QuantityUpdate update : updates) {
            Level level = get(update.item(), update.location());
            int before = level.get(update.name());
            int delta = update.absolute() ? update.amount() - before : update.amount();
            // on_hand is a sum: setting it moves available; any other name except incoming moves on_hand
            String storedName = ON_HAND.equals(update.name()) ? AVAILABLE : update.name();
            level.stored.merge(storedName, delta, Integer::sum);
            if (INCOMING.equals(storedName)) {
                level.moved(at, INCOMING);
            } else {
                level.moved(at, storedName, ON_HAND);
            }
            changes.add(new InventoryChange(update.name(), delta, level.get(update.name()), update.ledgerDocumentUri(),
                    level.item, level.location));
            String mirrored = ON_HAND.equals(update.name()) ? AVAILABLE : INCOMING.equals(update.name()) ? null : ON_HAND;
            if (mirrored != null) {
                changes.add(new InventoryChange(mirrored, delta, level.get(mirrored), update.ledgerDocumentUri(),
                        level.item, level.location));
            }
            if (AVAILABLE.equals(storedName) && delta != 0) {
                availableMoved.add(level);
            }
        }
        availableMoved.forEach(level -> availableChanged.accept(level.view()));
        var group = new AdjustmentGroup(ShopifyCatalog.gid("InventoryAdjustmentGroup", GROUP_IDS + ++groups), at, reason,
                referenceDocumentUri, List.copyOf(changes));
        return new Outcome(group, List.of());
    }

    private List<Integer> staleIndexes(List<QuantityUpdate> updates) {
        Map<List<Object>, Integer> pending = new HashMap<>();
        List<Integer> stale = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            QuantityUpdate update = updates.get(i);
            List<Object> pendingKey = List.of(update.item(), update.location(), update.name());
            int current = pending.getOrDefault(pendingKey, get(update.item(), update.location()).get(update.name()));
            if (update.changeFrom() != null && update.changeFrom() != current) {
                stale.add(i);
            }
            pending.put(pendingKey, update.absolute() ? update.amount() : current + update.amount());
        }
        return stale;
    }

    /** Whether a level can give these units (available ≥ quantity). */
    synchronized boolean canCommit(InventoryItem item, Location location, int quantity) {
        return get(item, location).get(AVAILABLE) >= quantity;
    }

    /** An order takes units: available → committed; on_hand stays the same. */
    synchronized void commit(InventoryItem item, Location location, int quantity) {
        Level level = get(item, location);
        level.stored.merge(AVAILABLE, -quantity, Integer::sum);
        level.stored.merge(COMMITTED, quantity, Integer::sum);
        level.moved(now.get(), AVAILABLE, COMMITTED);
        availableChanged.accept(level.view());
    }

    /** Fulfilled units leave: committed (and so on hand) goes down; available stays the same. */
    synchronized void ship(InventoryItem item, Location location, int quantity) {
        Level level = get(item, location);
        level.stored.merge(COMMITTED, -quantity, Integer::sum);
        level.moved(now.get(), COMMITTED, ON_HAND);
    }

    /** A cancelled order gives its units back: committed → available. */
    synchronized void release(InventoryItem item, Location location, int quantity) {
        commit(item, location, -quantity);
    }
}
