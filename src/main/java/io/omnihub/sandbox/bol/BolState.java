package io.omnihub.sandbox.bol;

import io.omnihub.sandbox.BoundedMap;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.StockHistory;
import io.omnihub.sandbox.bol.BolWire.Address;
import io.omnihub.sandbox.bol.BolWire.BundlePrice;
import io.omnihub.sandbox.bol.BolWire.Condition;
import io.omnihub.sandbox.bol.BolWire.CountryCode;
import io.omnihub.sandbox.bol.BolWire.Fulfilment;
import io.omnihub.sandbox.bol.BolWire.Order;
import io.omnihub.sandbox.bol.BolWire.OrderFulfilment;
import io.omnihub.sandbox.bol.BolWire.OrderItem;
import io.omnihub.sandbox.bol.BolWire.OrderOffer;
import io.omnihub.sandbox.bol.BolWire.OrderProduct;
import io.omnihub.sandbox.bol.BolWire.Pricing;
import io.omnihub.sandbox.bol.BolWire.ProcessStatus;
import io.omnihub.sandbox.bol.BolWire.ReducedOrder;
import io.omnihub.sandbox.bol.BolWire.ReducedOrderItem;
import io.omnihub.sandbox.bol.BolWire.ReducedOrders;
import io.omnihub.sandbox.bol.BolWire.RetailerOffer;
import io.omnihub.sandbox.bol.BolWire.Shipment;
import io.omnihub.sandbox.bol.BolWire.ShipmentItem;
import io.omnihub.sandbox.bol.BolWire.Stock;
import io.omnihub.sandbox.bol.BolWire.Store;
import io.omnihub.sandbox.bol.BolWire.Transport;

/**
 * What the bol.com sandbox knows: the retailer's offers (one per variant of the reference retailer,
 * with its bol offer id, the SKU as reference, the warehouse stock and the variant price), the orders
 * bol's customers placed, the shipments, and the process status of every accepted write.
 *
 * <p>An accepted write only queues a process. Once the processing delay has passed it succeeds (and
 * only then changes anything) or fails with a message, in the order the writes arrived, as bol's queue
 * does. Nothing runs in the background: every call first settles what the clock says is due, so the
 * outcome depends on the clock and the calls alone. One lock guards everything.
 */
public final class BolState {

    /** A new offer as POST /retailer/offers describes it (already validated). */
    public record NewOffer(String ean, String condition, String reference, boolean onHoldByRetailer,
            String unknownProductTitle, List<BundlePrice> bundlePrices, int stockAmount, boolean managedByRetailer,
            String fulfilmentMethod, String deliveryCode) {
    }

    /** What PUT /retailer/offers/{id} replaces. */
    public record OfferChange(String reference, boolean onHoldByRetailer, String unknownProductTitle,
            String fulfilmentMethod, String deliveryCode) {
    }

    /** An order item to ship; no quantity means all that is still open. */
    public record ShipmentLine(String orderItemId, Integer quantity) {
    }

    /** A customer buying {@code quantity} units of the offer for {@code ean}. */
    public record OrderLine(String ean, int quantity) {
    }

    /** Units of one order item to cancel; no quantity means all that are still open. */
    public record CancelLine(String orderItemId, Integer quantity) {
    }

    private static final int MAX_KEPT_PROCESSES = 100_000;
    private static final BigDecimal COMMISSION_RATE = new BigDecimal("0.15");
    private static final String DELIVERY_CODE = "1-2d";

    /** The customers orders are placed for, in turn; the fixtures' people, so demos look familiar. */
    private static final List<Address> CUSTOMERS = List.of(
            new Address("MALE", "Jan", "Jansen", "Kerkstraat", "12", "A", "3511 AB", "Utrecht", "NL", null, "nl"),
            new Address("FEMALE", "Fatima", "el Amrani", "Oudegracht", "150", null, "3511 AZ", "Utrecht", "NL", null, "nl"),
            new Address("MALE", "Pieter", "de Vries", "Coolsingel", "40", null, "3011 AD", "Rotterdam", "NL", null, "nl"),
            new Address("FEMALE", "Sanne", "Peeters", "Meir", "7", "bis", "2000", "Antwerpen", "BE", null, "nl-BE"));

    private static final class OfferEntry {
        final String offerId;
        final String ean;
        final String condition;
        final String catalogTitle;
        String reference;
        boolean onHold;
        String unknownProductTitle;
        List<BundlePrice> prices;
        int amount;
        boolean managedByRetailer;
        Instant stockUpdatedAt;
        String fulfilmentMethod;
        String deliveryCode;

        OfferEntry(String offerId, String ean, String condition, String catalogTitle) {
            this.offerId = offerId;
            this.ean = ean;
            this.condition = condition;
            this.catalogTitle = catalogTitle;
        }

        /** bol's catalogue title, or the retailer's title for an EAN bol does not know. */
        String title() {
            return catalogTitle != null ? catalogTitle : unknownProductTitle;
        }

        /** The unit price for buying {@code quantity}: the largest bundle that quantity reaches. */
        BigDecimal unitPrice(int quantity) {
            BigDecimal price = prices.get(0).unitPrice();
            for (BundlePrice bundle : prices) {
                if (bundle.quantity() <= quantity) {
                    price = bundle.unitPrice();
                }
            }
            return price;
        }
    }

    private static final class ItemEntry {
        final String orderItemId;
        final String orderId;
        final Instant placedAt;
        final String offerId;
        final String reference;
        final String ean;
        final String title;
        final String fulfilmentMethod;
        final BigDecimal unitPrice;
        final int quantity;
        int shipped;
        int cancelled;
        boolean cancellationRequest;
        Instant changedAt;

        ItemEntry(String orderItemId, String orderId, Instant placedAt, OfferEntry offer, int quantity) {
            this.orderItemId = orderItemId;
            this.orderId = orderId;
            this.placedAt = placedAt;
            this.offerId = offer.offerId;
            this.reference = offer.reference;
            this.ean = offer.ean;
            this.title = offer.title();
            this.fulfilmentMethod = offer.fulfilmentMethod;
            this.unitPrice = offer.unitPrice(quantity);
            this.quantity = quantity;
            this.changedAt = placedAt;
        }

        /** Units neither shipped nor cancelled. */
        int open() {
            return quantity - shipped - cancelled;
        }
    }

    private record OrderEntry(String orderId, Instant placedAt, Address customer, List<ItemEntry> items) {
    }

    /** What an accepted write does once it is processed: the entity id to report, or null to keep the one given. */
    @FunctionalInterface
    private interface Action {
        String apply(Instant processedAt);
    }

    /** Why a process ends in FAILURE; its message becomes the process status's errorMessage. */
    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Process {
        final String id;
        final String eventType;
        final String description;
        final Instant createdAt;
        String entityId;
        String status = "PENDING";
        String errorMessage;
        Action action;

        Process(String id, String entityId, String eventType, String description, Instant createdAt, Action action) {
            this.id = id;
            this.entityId = entityId;
            this.eventType = eventType;
            this.description = description;
            this.createdAt = createdAt;
            this.action = action;
        }

        ProcessStatus view() {
            return new ProcessStatus(id, entityId, eventType, description, status, errorMessage,
                    BolWire.timestamp(createdAt), List.of());
        }
    }

    private final Clock clock;
    private final StockHistory stock;
    private final Duration processingDelay;
    private final int pageSize;
    private final long seed;
    private final Map<String, String> catalogTitles = new LinkedHashMap<>();
    private final Map<String, OfferEntry> offers = new LinkedHashMap<>();
    private final List<OrderEntry> orders = new ArrayList<>();
    private final Map<String, ItemEntry> items = new LinkedHashMap<>();
    private final List<Shipment> shipments = new ArrayList<>();
    private final Deque<Process> pending = new ArrayDeque<>();
    // bol keeps process statuses for a limited time; the sandbox keeps the newest
    private final Map<String, Process> processes = new BoundedMap<>(MAX_KEPT_PROCESSES);
    private long processCount;
    private long createdOfferCount;
    private long orderCount;
    private long itemCount;
    private long shipmentCount;

    /**
     * @param stock told of every stock amount an offer comes to hold through the API, at the moment
     *              its process is done (not when the write was accepted)
     */
    BolState(ReferenceRetailer retailer, Clock clock, Duration processingDelay, int pageSize, StockHistory stock) {
        this.clock = clock;
        this.stock = stock;
        this.processingDelay = processingDelay;
        this.pageSize = pageSize;
        this.seed = retailer.seed();
        String warehouse = retailer.warehouse().id();
        Instant now = clock.instant();
        for (ReferenceRetailer.Variant variant : retailer.variants()) {
            catalogTitles.put(variant.ean(), variant.title());
            OfferEntry offer = new OfferEntry(variant.bolOfferId(), variant.ean(), "NEW", variant.title());
            offer.reference = variant.sku();
            offer.prices = List.of(new BundlePrice(1, variant.price()));
            offer.amount = Math.min(999, variant.onHand().getOrDefault(warehouse, 0));
            offer.managedByRetailer = true;
            offer.stockUpdatedAt = now;
            offer.fulfilmentMethod = "FBR";
            offer.deliveryCode = DELIVERY_CODE;
            offers.put(offer.offerId, offer);
        }
    }

    // offers

    public synchronized List<RetailerOffer> offers() {
        settle();
        return offers.values().stream().map(this::view).toList();
    }

    public synchronized Optional<RetailerOffer> offer(String offerId) {
        settle();
        return Optional.ofNullable(offers.get(offerId)).map(this::view);
    }

    public synchronized ProcessStatus createOffer(NewOffer request) {
        String offerId = UUID.nameUUIDFromBytes((seed + ":created-offer:" + ++createdOfferCount)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return submit("CREATE_OFFER", null, "Create offer for EAN " + request.ean() + ".", processedAt -> {
            offers.values().stream()
                    .filter(o -> o.ean.equals(request.ean()) && o.condition.equals(request.condition()))
                    .findFirst()
                    .ifPresent(o -> {
                        throw new Failure("An offer for EAN " + request.ean() + " with condition " + request.condition()
                                + " already exists: " + o.offerId + ".");
                    });
            OfferEntry offer = new OfferEntry(offerId, request.ean(), request.condition(), catalogTitles.get(request.ean()));
            offer.reference = request.reference();
            offer.onHold = request.onHoldByRetailer();
            offer.unknownProductTitle = request.unknownProductTitle();
            offer.prices = List.copyOf(request.bundlePrices());
            offer.amount = request.stockAmount();
            offer.managedByRetailer = request.managedByRetailer();
            offer.stockUpdatedAt = processedAt;
            stock.record(processedAt, offer.reference, null, offer.amount);
            offer.fulfilmentMethod = request.fulfilmentMethod();
            offer.deliveryCode = request.deliveryCode();
            offers.put(offerId, offer);
            return offerId;
        });
    }

    public synchronized ProcessStatus updateOffer(String offerId, OfferChange change) {
        return submit("UPDATE_OFFER", offerId, "Update offer with id " + offerId + ".", processedAt -> {
            OfferEntry offer = existing(offerId);
            offer.reference = change.reference();
            offer.onHold = change.onHoldByRetailer();
            offer.unknownProductTitle = change.unknownProductTitle();
            offer.fulfilmentMethod = change.fulfilmentMethod();
            offer.deliveryCode = change.deliveryCode();
            return null;
        });
    }

    public synchronized ProcessStatus deleteOffer(String offerId) {
        return submit("DELETE_OFFER", offerId, "Delete offer with id " + offerId + ".", processedAt -> {
            offers.remove(existing(offerId).offerId);
            return null;
        });
    }

    public synchronized ProcessStatus updateStock(String offerId, int amount, boolean managedByRetailer) {
        return submit("UPDATE_OFFER_STOCK", offerId, "Update stock for offer with id " + offerId + ".", processedAt -> {
            OfferEntry offer = existing(offerId);
            offer.amount = amount;
            offer.managedByRetailer = managedByRetailer;
            offer.stockUpdatedAt = processedAt;
            stock.record(processedAt, offer.reference, null, amount);
            return null;
        });
    }

    public synchronized ProcessStatus updatePrice(String offerId, List<BundlePrice> bundlePrices) {
        return submit("UPDATE_OFFER_PRICE", offerId, "Update price for offer with id " + offerId + ".", processedAt -> {
            existing(offerId).prices = List.copyOf(bundlePrices);
            return null;
        });
    }

    private OfferEntry existing(String offerId) {
        OfferEntry offer = offers.get(offerId);
        if (offer == null) {
            throw new Failure("Offer with id " + offerId + " does not exist.");
        }
        return offer;
    }

    private RetailerOffer view(OfferEntry offer) {
        return new RetailerOffer(offer.offerId, offer.ean, offer.reference, offer.onHold, offer.unknownProductTitle,
                new Pricing(offer.prices), new Stock(offer.amount, correctedStock(offer), offer.managedByRetailer),
                new Fulfilment(offer.fulfilmentMethod, offer.deliveryCode),
                new Store(offer.title(), List.of(new CountryCode("NL"), new CountryCode("BE"))),
                new Condition(offer.condition, "NEW".equals(offer.condition) ? "NEW" : "SECONDHAND"), List.of());
    }

    /**
     * The stock bol sells from: the amount minus open order units. With managedByRetailer only the
     * orders placed since the last stock update count (the retailer's amount already has the older ones
     * out), as bol documents it.
     */
    private int correctedStock(OfferEntry offer) {
        int open = items.values().stream()
                .filter(i -> i.offerId.equals(offer.offerId))
                .filter(i -> !offer.managedByRetailer || !i.placedAt.isBefore(offer.stockUpdatedAt))
                .mapToInt(ItemEntry::open)
                .sum();
        return Math.max(0, offer.amount - open);
    }

    // orders

    /**
     * A marketplace sale: one order with an item per line, priced from the offer. Refused when an EAN
     * has no offer (IllegalArgumentException) or its offer is on hold or has too little corrected stock
     * (IllegalStateException), as bol does not sell what the retailer does not offer. {@code placedAt}
     * null places it now.
     */
    public synchronized Order placeOrder(List<OrderLine> lines, Instant placedAt) {
        settle();
        Map<OfferEntry, Integer> wanted = new LinkedHashMap<>();
        for (OrderLine line : lines) {
            wanted.merge(offerFor(line.ean()), line.quantity(), Integer::sum);
        }
        wanted.forEach((offer, quantity) -> {
            int forSale = offer.onHold ? 0 : correctedStock(offer);
            if (forSale < quantity) {
                throw new IllegalStateException("Offer " + offer.offerId + " (EAN " + offer.ean + ") has " + forSale
                        + " units for sale; " + quantity + " ordered.");
            }
        });
        Instant now = placedAt == null ? clock.instant() : placedAt;
        String orderId = Long.toString(1_100_000_000L + ++orderCount);
        // the alias address bol gives each order, through which the customer is reached
        Address customer = CUSTOMERS.get((int) ((orderCount - 1) % CUSTOMERS.size()))
                .withEmail(orderId + "@verkopen.sandbox.bol.com");
        List<ItemEntry> orderItems = new ArrayList<>();
        for (OrderLine line : lines) {
            ItemEntry item = new ItemEntry(Long.toString(2_100_000_000L + ++itemCount), orderId, now, offerFor(line.ean()),
                    line.quantity());
            orderItems.add(item);
            items.put(item.orderItemId, item);
        }
        OrderEntry order = new OrderEntry(orderId, now, customer, List.copyOf(orderItems));
        orders.add(order);
        return view(order);
    }

    private OfferEntry offerFor(String ean) {
        return offers.values().stream().filter(o -> o.ean.equals(ean)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No offer for EAN " + ean + "."));
    }

    /**
     * One page of GET /retailer/orders, oldest first. An order is listed with its items that match the
     * fulfilment method (FBR, FBB or ALL) and status (OPEN: units left to ship; SHIPPED: units shipped; ALL).
     */
    public synchronized ReducedOrders orders(int page, String fulfilmentMethod, String status) {
        settle();
        Predicate<ItemEntry> method = i -> "ALL".equals(fulfilmentMethod) || i.fulfilmentMethod.equals(fulfilmentMethod);
        Predicate<ItemEntry> state = switch (status) {
            case "OPEN" -> i -> i.open() > 0;
            case "SHIPPED" -> i -> i.shipped > 0;
            default -> i -> true;
        };
        List<ReducedOrder> matching = new ArrayList<>();
        for (OrderEntry order : orders) {
            List<ReducedOrderItem> listed = order.items().stream().filter(method.and(state)).map(BolState::reduced).toList();
            if (!listed.isEmpty()) {
                matching.add(new ReducedOrder(order.orderId(), BolWire.timestamp(order.placedAt()), listed));
            }
        }
        long from = (long) (page - 1) * pageSize;
        if (from >= matching.size()) {
            return new ReducedOrders(List.of());
        }
        return new ReducedOrders(List.copyOf(matching.subList((int) from, (int) Math.min(from + pageSize, matching.size()))));
    }

    public synchronized Optional<Order> order(String orderId) {
        settle();
        return orders.stream().filter(o -> o.orderId().equals(orderId)).findFirst().map(this::view);
    }

    public synchronized List<Order> allOrders() {
        settle();
        return orders.stream().map(this::view).toList();
    }

    private static ReducedOrderItem reduced(ItemEntry item) {
        return new ReducedOrderItem(item.orderItemId, item.ean, item.fulfilmentMethod, item.open() > 0 ? "OPEN" : "HANDLED",
                item.quantity, item.shipped, item.cancelled, item.cancellationRequest, BolWire.timestamp(item.changedAt));
    }

    private Order view(OrderEntry order) {
        List<OrderItem> orderItems = order.items().stream().map(item -> {
            BigDecimal total = item.unitPrice.multiply(BigDecimal.valueOf(item.quantity));
            return new OrderItem(item.orderItemId, item.cancellationRequest,
                    new OrderFulfilment(item.fulfilmentMethod, "FBB".equals(item.fulfilmentMethod) ? "BOL" : "RETAILER",
                            BolWire.date(order.placedAt()).plusDays(1), "REGULAR"),
                    new OrderOffer(item.offerId, item.reference), new OrderProduct(item.ean, item.title),
                    item.quantity, item.shipped, item.cancelled, item.unitPrice, total,
                    total.multiply(COMMISSION_RATE).setScale(2, RoundingMode.HALF_UP), List.of(),
                    BolWire.timestamp(item.changedAt));
        }).toList();
        return new Order(order.orderId(), false, BolWire.timestamp(order.placedAt()), order.customer(),
                order.customer().withLanguage(null), orderItems);
    }

    /**
     * The customer's cancellation, accepted: the units of each line (all of the order's open units
     * when {@code lines} is empty) become quantityCancelled, with cancellationRequest set, at once
     * (bol cancels synchronously, no process status). An order with no open units left leaves the
     * OPEN listing and is still read by id. Refused when the order is unknown (NoSuchElementException),
     * an item is not the order's (IllegalArgumentException), or more units are cancelled than are
     * open (IllegalStateException); then nothing changes.
     */
    public synchronized Order cancelOrder(String orderId, List<CancelLine> lines) {
        settle();
        OrderEntry order = orders.stream().filter(o -> o.orderId().equals(orderId)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("Order for order id " + orderId + " not found."));
        Map<ItemEntry, Integer> toCancel = new LinkedHashMap<>();
        if (lines.isEmpty()) {
            order.items().stream().filter(i -> i.open() > 0).forEach(i -> toCancel.put(i, i.open()));
            if (toCancel.isEmpty()) {
                throw new IllegalStateException("Order " + orderId + " has no open units left to cancel.");
            }
        }
        for (CancelLine line : lines) {
            ItemEntry item = order.items().stream().filter(i -> i.orderItemId.equals(line.orderItemId())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Order item " + line.orderItemId() + " is not an item of order "
                            + orderId + "."));
            int quantity = toCancel.getOrDefault(item, 0) + Objects.requireNonNullElse(line.quantity(), item.open());
            if (quantity > item.open() || quantity == 0) {
                throw new IllegalStateException("Order item " + item.orderItemId + " has " + item.open()
                        + " units open; cannot cancel " + quantity + ".");
            }
            toCancel.put(item, quantity);
        }
        Instant now = clock.instant();
        toCancel.forEach((item, quantity) -> {
            item.cancelled += quantity;
            item.cancellationRequest = true;
            item.changedAt = now;
        });
        return view(order);
    }

    // shipments

    /**
     * POST /retailer/shipments: processed all or nothing. It fails when an item is unknown, the items
     * belong to different orders, or more units are shipped than are open.
     */
    public synchronized ProcessStatus createShipment(List<ShipmentLine> lines, String shipmentReference, Transport transport) {
        String firstItem = lines.get(0).orderItemId();
        return submit("CREATE_SHIPMENT", firstItem, "Create shipment for order item " + firstItem + ".", processedAt -> {
            Map<ItemEntry, Integer> toShip = new LinkedHashMap<>();
            for (ShipmentLine line : lines) {
                ItemEntry item = items.get(line.orderItemId());
                if (item == null) {
                    throw new Failure("Order item " + line.orderItemId() + " does not exist.");
                }
                int quantity = Objects.requireNonNullElse(line.quantity(), item.open());
                int alreadyListed = toShip.getOrDefault(item, 0);
                if (quantity + alreadyListed > item.open() || quantity == 0) {
                    throw new Failure("Order item " + item.orderItemId + " has " + item.open() + " units open; cannot ship "
                            + (quantity + alreadyListed) + ".");
                }
                toShip.put(item, quantity + alreadyListed);
            }
            String orderId = toShip.keySet().iterator().next().orderId;
            if (toShip.keySet().stream().anyMatch(i -> !i.orderId.equals(orderId))) {
                throw new Failure("All order items of one shipment must belong to the same order.");
            }
            List<ShipmentItem> shipped = new ArrayList<>();
            toShip.forEach((item, quantity) -> {
                item.shipped += quantity;
                item.changedAt = processedAt;
                shipped.add(new ShipmentItem(item.orderItemId, item.ean, quantity));
            });
            shipments.add(new Shipment(Long.toString(900_000_000L + ++shipmentCount), BolWire.timestamp(processedAt),
                    shipmentReference, orderId, List.copyOf(shipped), transport));
            return null;
        });
    }

    public synchronized List<Shipment> shipments() {
        settle();
        return List.copyOf(shipments);
    }

    // process statuses

    public synchronized Optional<ProcessStatus> processStatus(String processStatusId) {
        settle();
        return Optional.ofNullable(processes.get(processStatusId)).map(Process::view);
    }

    /** The statuses of those ids bol knows, in the order asked; unknown ids are left out, as bol leaves out expired ones. */
    public synchronized List<ProcessStatus> processStatuses(List<String> processStatusIds) {
        settle();
        return processStatusIds.stream().map(processes::get).filter(java.util.Objects::nonNull).map(Process::view).toList();
    }

    public synchronized List<ProcessStatus> processStatuses() {
        settle();
        return processes.values().stream().map(Process::view).toList();
    }

    private ProcessStatus submit(String eventType, String entityId, String description, Action action) {
        settle();
        Process process = new Process(Long.toString(++processCount), entityId, eventType, description, clock.instant(), action);
        processes.put(process.id, process);
        pending.addLast(process);
        return process.view();
    }

    /** Processes, in arrival order, every accepted write whose processing delay has passed. */
    private void settle() {
        Instant now = clock.instant();
        while (!pending.isEmpty() && !now.isBefore(pending.peekFirst().createdAt.plus(processingDelay))) {
            Process process = pending.removeFirst();
            Instant processedAt = process.createdAt.plus(processingDelay);
            try {
                String entityId = process.action.apply(processedAt);
                if (entityId != null) {
                    process.entityId = entityId;
                }
                process.status = "SUCCESS";
            } catch (Failure failure) {
                process.status = "FAILURE";
                process.errorMessage = failure.getMessage();
            }
            process.action = null;
        }
    }
}
