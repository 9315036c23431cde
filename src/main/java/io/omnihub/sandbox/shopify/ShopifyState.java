package io.omnihub.sandbox.shopify;

import io.omnihub.sandbox.BoundedMap;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.StockHistory;
import io.omnihub.sandbox.shopify.ShopifyCatalog.Location;
import io.omnihub.sandbox.shopify.ShopifyCatalog.ProductVariant;
import io.omnihub.sandbox.shopify.ShopifyInventory.InventoryLevel;
import io.omnihub.sandbox.shopify.ShopifyOrder.Customer;
import io.omnihub.sandbox.shopify.ShopifyOrder.LineItem;
import io.omnihub.sandbox.shopify.ShopifyOrder.ShippingLine;

/**
 * Everything of the simulated shop that changes: inventory, orders, and the idempotency keys of
 * mutations. In memory and deterministic: ids are numbered from fixed bases and timestamps come
 * from the injected clock (to the second, as Shopify shows them). Thread-safe; an order and its
 * stock movement happen under one lock.
 */
public final class ShopifyState {

    /** What the shop tells its apps (webhooks); called in order, must not block. */
    public interface Events {
        /** For a shop without webhook subscriptions. */
        Events NONE = new Events() {
            @Override
            public void orderCreated(ShopifyOrder order) {
            }

            @Override
            public void orderCancelled(ShopifyOrder order) {
            }

            @Override
            public void orderUpdated(ShopifyOrder order) {
            }

            @Override
            public void availableChanged(InventoryLevel level) {
            }
        };

        void orderCreated(ShopifyOrder order);

        void orderCancelled(ShopifyOrder order);

        /** Any other change of an order, e.g. a fulfillment (orders/updated). */
        void orderUpdated(ShopifyOrder order);

        void availableChanged(InventoryLevel level);

        /** These events, with every new available quantity recorded in {@code history} first. */
        default Events recordingAvailable(StockHistory history) {
            Events told = this;
            return new Events() {
                @Override
                public void orderCreated(ShopifyOrder order) {
                    told.orderCreated(order);
                }

                @Override
                public void orderCancelled(ShopifyOrder order) {
                    told.orderCancelled(order);
                }

                @Override
                public void orderUpdated(ShopifyOrder order) {
                    told.orderUpdated(order);
                }

                @Override
                public void availableChanged(InventoryLevel level) {
                    history.record(level.item().sku(), level.location().canonicalId(),
                            level.quantity(ShopifyInventory.AVAILABLE));
                    told.availableChanged(level);
                }
            };
        }
    }

    /** A web-shop order as the admin API takes it; lines by SKU, pickupLocation optional (home delivery without). */
    public record OrderRequest(List<Line> lines, String pickupLocation, String email, boolean allowOversell) {

        public record Line(String sku, int quantity) {
        }
    }

    /** An order the shop would not take: a bad request, or not enough units available. */
    public static final class OrderRejected extends RuntimeException {
        private final boolean outOfStock;

        OrderRejected(String message, boolean outOfStock) {
            super(message);
            this.outOfStock = outOfStock;
        }

        public boolean outOfStock() {
            return outOfStock;
        }
    }

    private static final long ORDER_IDS = 6_200_000_000_000L;
    private static final long LINE_ITEM_IDS = 15_300_000_000_000L;
    private static final long CUSTOMER_IDS = 7_800_000_000_000L;
    private static final long SHIPPING_LINE_IDS = 4_930_000_000_000L;
    private static final long FULFILLMENT_IDS = 5_610_000_000_000L;
    /** Dutch standard VAT, charged on shipping. */
    private static final int SHIPPING_VAT_RATE = 21;
    /** Keys kept for replay; Shopify keeps them for a limited window too, so the oldest go first. */
    private static final int IDEMPOTENCY_KEYS_KEPT = 10_000;

    private record Stored(Object request, Object result) {
    }

    private final ShopifyCatalog catalog;
    private final ShopifyInventory inventory;
    private final Clock clock;
    private final Events events;
    private final String currency;
    private final BigDecimal shippingPrice;
    private final int firstOrderNumber;
    private final List<ShopifyOrder> orders = new ArrayList<>();
    private final Map<String, Customer> customers = new LinkedHashMap<>();
    private final Map<String, Stored> idempotencyKeys = new BoundedMap<>(IDEMPOTENCY_KEYS_KEPT);
    private long lineItems;
    private long fulfillments;

    ShopifyState(ShopifyCatalog catalog, ReferenceRetailer retailer, Clock clock, Events events, String currency,
            BigDecimal shippingPrice, int firstOrderNumber) {
        this.catalog = catalog;
        this.clock = clock;
        this.events = events;
        this.currency = currency;
        this.shippingPrice = shippingPrice;
        this.firstOrderNumber = firstOrderNumber;
        this.inventory = new ShopifyInventory(catalog, retailer, this::now, events::availableChanged);
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    public ShopifyCatalog catalog() {
        return catalog;
    }

    public ShopifyInventory inventory() {
        return inventory;
    }

    public String currency() {
        return currency;
    }

    /** Back to the seed: stock as generated, no orders, no customers, no idempotency keys. */
    public synchronized void reset() {
        inventory.reset();
        orders.clear();
        customers.clear();
        idempotencyKeys.clear();
        lineItems = 0;
        fulfillments = 0;
    }

    public synchronized List<ShopifyOrder> orders() {
        return List.copyOf(orders);
    }

    public synchronized Optional<ShopifyOrder> order(String id) {
        return orders.stream().filter(o -> o.id().equals(id)).findFirst();
    }

    /**
     * Runs {@code work} once per idempotency key: a second call with the same key and request returns
     * the first result without running again; empty when the key was used for a different request.
     */
    @SuppressWarnings("unchecked")
    synchronized <T> Optional<T> once(String key, Object request, Supplier<T> work) {
        Stored stored = idempotencyKeys.get(key);
        if (stored == null) {
            stored = new Stored(request, work.get());
            idempotencyKeys.put(key, stored);
        }
        return stored.request().equals(request) ? Optional.of((T) stored.result()) : Optional.empty();
    }

    /**
     * Places a web-shop order: the units move from available to committed at the pickup store, or at
     * the warehouse for home delivery, and the shop announces the order and the new stock levels.
     */
    public synchronized ShopifyOrder placeOrder(OrderRequest request) {
        if (request.lines() == null || request.lines().isEmpty()) {
            throw new OrderRejected("An order needs at least one line", false);
        }
        Location stockLocation = catalog.warehouse();
        Location pickup = null;
        if (request.pickupLocation() != null) {
            pickup = catalog.locationByAnyId(request.pickupLocation()).filter(Location::store).orElseThrow(
                    () -> new OrderRejected("No store for pickup: " + request.pickupLocation(), false));
            stockLocation = pickup;
        }
        Map<ProductVariant, Integer> units = new LinkedHashMap<>();
        for (OrderRequest.Line line : request.lines()) {
            ProductVariant variant = catalog.variantBySku(line.sku())
                    .orElseThrow(() -> new OrderRejected("Unknown SKU: " + line.sku(), false));
            if (line.quantity() < 1) {
                throw new OrderRejected("Quantity must be at least 1 for " + line.sku(), false);
            }
            units.merge(variant, line.quantity(), Integer::sum);
        }
        for (var entry : units.entrySet()) {
            if (!request.allowOversell() && !inventory.canCommit(entry.getKey().inventoryItem(), stockLocation, entry.getValue())) {
                throw new OrderRejected("Not enough " + entry.getKey().sku() + " available at " + stockLocation.name(), true);
            }
        }
        ShopifyOrder order = newOrder(request.email(), pickup, stockLocation, units);
        orders.add(order);
        events.orderCreated(order);
        for (var entry : units.entrySet()) {
            inventory.commit(entry.getKey().inventoryItem(), stockLocation, entry.getValue());
        }
        return order;
    }

    /**
     * Cancels an order as the merchant does in the admin: its units go back from committed to
     * available and the shop announces the cancellation (orders/cancelled). Empty for an unknown
     * order; an order cancelled before stays as it is.
     */
    public synchronized Optional<ShopifyOrder> cancelOrder(String id) {
        Optional<ShopifyOrder> found = byAnyId(id);
        if (found.isEmpty() || found.get().cancelledAt() != null) {
            return found;
        }
        ShopifyOrder cancelled = found.get().cancel(now());
        orders.set(orders.indexOf(found.get()), cancelled);
        events.orderCancelled(cancelled);
        cancelled.lineItems().forEach(line ->
                inventory.release(line.variant().inventoryItem(), cancelled.stockLocation(), line.quantity()));
        return Optional.of(cancelled);
    }

    /**
     * Fulfils units of an order as the merchant does when the parcel leaves or the customer collects
     * it: they leave committed (and so on hand) at the order's stock location, and the shop announces
     * the order as it is now (orders/updated). {@code lines} by SKU; none: every unit still to fulfil.
     * Empty for an unknown order; refused for a cancelled order or more units than are left.
     */
    public synchronized Optional<ShopifyOrder> fulfilOrder(String id, List<OrderRequest.Line> lines) {
        Optional<ShopifyOrder> found = byAnyId(id);
        if (found.isEmpty()) {
            return found;
        }
        ShopifyOrder order = found.get();
        if (order.cancelledAt() != null) {
            throw new OrderRejected("Order " + order.name() + " is cancelled", false);
        }
        for (OrderRequest.Line asked : lines == null ? List.<OrderRequest.Line>of() : lines) {
            if (order.lineItems().stream().noneMatch(line -> line.sku().equals(asked.sku()))) {
                throw new OrderRejected("Order " + order.name() + " has no line for " + asked.sku(), false);
            }
        }
        Map<Long, Integer> quantities = new LinkedHashMap<>();
        for (LineItem line : order.lineItems()) {
            int wanted = lines == null || lines.isEmpty() ? order.fulfillable(line)
                    : lines.stream().filter(l -> line.sku().equals(l.sku())).mapToInt(OrderRequest.Line::quantity).sum();
            if (wanted > order.fulfillable(line)) {
                throw new OrderRejected(line.sku() + " has " + order.fulfillable(line) + " units left to fulfil in order "
                        + order.name() + ", not " + wanted, false);
            }
            if (wanted > 0) {
                quantities.put(line.legacyResourceId(), wanted);
            }
        }
        if (quantities.isEmpty()) {
            throw new OrderRejected("Nothing left to fulfil in order " + order.name(), false);
        }
        long fulfillmentId = FULFILLMENT_IDS + ++fulfillments;
        ShopifyOrder fulfilled = order.fulfil(new ShopifyOrder.Fulfillment(ShopifyCatalog.gid("Fulfillment", fulfillmentId),
                fulfillmentId, now(), Map.copyOf(quantities)));
        orders.set(orders.indexOf(order), fulfilled);
        order.lineItems().stream().filter(line -> quantities.containsKey(line.legacyResourceId())).forEach(line ->
                inventory.ship(line.variant().inventoryItem(), order.stockLocation(), quantities.get(line.legacyResourceId())));
        events.orderUpdated(fulfilled);
        return Optional.of(fulfilled);
    }

    private Optional<ShopifyOrder> byAnyId(String id) {
        return orders.stream().filter(o -> o.id().equals(id) || Long.toString(o.legacyResourceId()).equals(id)).findFirst();
    }

    private ShopifyOrder newOrder(String email, Location pickup, Location stockLocation, Map<ProductVariant, Integer> units) {
        int sequence = orders.size() + 1;
        long id = ORDER_IDS + sequence;
        Instant at = now();
        List<LineItem> lines = new ArrayList<>();
        units.forEach((variant, quantity) -> {
            long lineId = LINE_ITEM_IDS + ++lineItems;
            String productTitle = catalog.product(variant.productId()).orElseThrow().title();
            lines.add(new LineItem(ShopifyCatalog.gid("LineItem", lineId), lineId, variant.sku(), variant.displayName(),
                    productTitle, ShopifyCatalog.DEFAULT_VARIANT_TITLE.equals(variant.title()) ? null : variant.title(), quantity, variant,
                    variant.price(), variant.vatRate()));
        });
        ShippingLine shipping = pickup == null
                ? new ShippingLine(SHIPPING_LINE_IDS + sequence, "PostNL Standaard", "postnl-standaard", shippingPrice,
                        SHIPPING_VAT_RATE)
                : new ShippingLine(SHIPPING_LINE_IDS + sequence, "Ophalen in de winkel " + pickup.address().city(),
                        pickup.pickupCode(), BigDecimal.ZERO.setScale(2), SHIPPING_VAT_RATE);
        return new ShopifyOrder(ShopifyCatalog.gid("Order", id), id, firstOrderNumber + sequence - 1, email,
                email == null ? null : customer(email), at, at, currency, pickup, stockLocation, List.copyOf(lines),
                shipping, null, List.of());
    }

    private Customer customer(String email) {
        return customers.computeIfAbsent(email, e -> {
            long id = CUSTOMER_IDS + customers.size() + 1;
            return new Customer(ShopifyCatalog.gid("Customer", id), id, null, null, e);
        });
    }
}
