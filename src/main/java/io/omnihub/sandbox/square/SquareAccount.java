package io.omnihub.sandbox.square;

import io.omnihub.sandbox.BoundedMap;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.omnihub.sandbox.ReferenceRetailer.Variant;
import io.omnihub.sandbox.square.SquareInventory.Change;
import io.omnihub.sandbox.square.SquareInventory.Entry;
import io.omnihub.sandbox.square.SquareInventory.Key;
import io.omnihub.sandbox.square.SquareInventory.Page;
import io.omnihub.sandbox.square.SquareInventory.Query;
import io.omnihub.sandbox.square.SquareInventory.State;
import io.omnihub.sandbox.square.SquareInventory.Type;
import io.omnihub.sandbox.square.SquareObjects.Address;
import io.omnihub.sandbox.square.SquareObjects.InventoryChange;
import io.omnihub.sandbox.square.SquareObjects.InventoryCount;
import io.omnihub.sandbox.square.SquareObjects.LineItem;
import io.omnihub.sandbox.square.SquareObjects.Location;
import io.omnihub.sandbox.square.SquareObjects.Money;
import io.omnihub.sandbox.square.SquareObjects.Order;
import io.omnihub.sandbox.square.SquareObjects.Source;

/**
 * The simulated Square seller: its locations, inventory and orders, the idempotency keys of its
 * inventory writes, and the notifications its changes send. One lock over all of it, so a batch is
 * applied whole and its notifications leave in the order the changes happened.
 */
final class SquareAccount {

    /** The answer of a batch-create; Square leaves empty lists out. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record BatchChangeResponse(List<InventoryCount> counts, List<InventoryChange> changes) {
    }

    private record Applied(JsonNode request, BatchChangeResponse response) {
    }

    /** Keys remembered for replay; far more than a client retries within Square's key lifetime. */
    private static final int MAX_IDEMPOTENCY_KEYS = 10_000;
    private static final String CURRENCY = "EUR";
    private static final String COUNTRY = "NL";
    private static final Source API_SOURCE = new Source("EXTERNAL_API", null);
    private static final Source TILL_SOURCE = new Source("SQUARE_POS", null);

    private final String merchantId;
    private final SquareCatalog catalog;
    private final SquareInventory inventory;
    private final SquareNotifier notifier;
    private final SquareIds ids;
    private final Clock clock;
    private final Map<String, Order> orders = new LinkedHashMap<>();
    private final Map<String, Applied> idempotencyKeys = new BoundedMap<>(MAX_IDEMPOTENCY_KEYS);

    SquareAccount(String merchantId, SquareCatalog catalog, SquareNotifier notifier, SquareIds ids, Clock clock) {
        this.merchantId = merchantId;
        this.catalog = catalog;
        this.notifier = notifier;
        this.ids = ids;
        this.clock = clock;
        this.inventory = new SquareInventory(catalog, ids::changeId, clock.instant());
    }

    SquareCatalog catalog() {
        return catalog;
    }

    List<Location> locations() {
        return catalog.stores().stream()
                .map(store -> new Location(store.squareId(), store.name(), new Address(store.city(), COUNTRY),
                        "Europe/Amsterdam", "ACTIVE", merchantId, COUNTRY, "nl-NL", CURRENCY, "PHYSICAL"))
                .toList();
    }

    /**
     * Applies a batch once per idempotency key: the same key with the same request answers the first
     * response again without applying anything; the same key with another request is refused.
     */
    synchronized BatchChangeResponse batchChange(String idempotencyKey, JsonNode request, List<Change> changes,
            boolean ignoreUnchanged) {
        Applied applied = idempotencyKeys.get(idempotencyKey);
        if (applied != null) {
            if (!applied.request().equals(request)) {
                throw SquareApiException.invalid("IDEMPOTENCY_KEY_REUSED",
                        "The idempotency key `" + idempotencyKey + "` was already used for a different request.", "idempotency_key");
            }
            return applied.response();
        }
        Instant now = clock.instant();
        SquareInventory.Result result = inventory.apply(changes, API_SOURCE, ignoreUnchanged, now);
        var response = new BatchChangeResponse(result.counts(), result.changes());
        idempotencyKeys.put(idempotencyKey, new Applied(request, response));
        notifier.countsUpdated(result.updated(), now);
        return response;
    }

    synchronized Page<InventoryCount> counts(Query query) {
        return inventory.counts(query);
    }

    synchronized Page<InventoryChange> changes(Query query) {
        return inventory.changes(query);
    }

    synchronized List<Entry> counts(Predicate<Key> filter) {
        return inventory.entries(filter);
    }

    /** A sale at the till: a completed order, its stock moved from IN_STOCK to SOLD, and both notifications. */
    synchronized Order sale(int store, int item, BigDecimal quantity) {
        Instant now = clock.instant();
        Variant variant = catalog.variation(item);
        Money total = money(variant.price().multiply(quantity));
        var lineItem = new LineItem(ids.lineItemUid(), variant.squareVariationId(), catalog.itemName(item), variant.option(),
                SquareObjects.quantity(quantity), money(variant.price()), total);
        String at = SquareObjects.timestamp(now);
        var order = new Order(ids.orderId(), catalog.store(store).squareId(), new Source(null, "Square Point of Sale"),
                List.of(lineItem), "COMPLETED", 1, total, at, at, at);
        orders.put(order.id(), order);
        var sold = new Change(Type.ADJUSTMENT, item, store, State.IN_STOCK, State.SOLD, quantity, now, "sale");
        SquareInventory.Result result = inventory.apply(List.of(sold), TILL_SOURCE, false, now);
        notifier.orderCreated(order, now);
        notifier.countsUpdated(result.updated(), now);
        return order;
    }

    synchronized Optional<Order> order(String id) {
        return Optional.ofNullable(orders.get(id));
    }

    synchronized List<Order> orders() {
        return List.copyOf(orders.values());
    }

    private static Money money(BigDecimal euros) {
        return new Money(euros.movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact(), CURRENCY);
    }
}
