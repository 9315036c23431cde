package io.omnihub.sandbox.bol;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON shapes of bol's Retailer API v10 that the sandbox answers with, field for field as
 * bol's OpenAPI schemas name them (RetailerOffer, ProcessStatus, ReducedOrders, Order, …). Times
 * are ISO 8601 with the Amsterdam offset and whole seconds, as bol writes them.
 */
public final class BolWire {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

    private BolWire() {
    }

    static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS).atZone(AMSTERDAM));
    }

    static LocalDate date(Instant instant) {
        return instant.atZone(AMSTERDAM).toLocalDate();
    }

    // offers

    public record BundlePrice(int quantity, BigDecimal unitPrice) {
    }

    public record Pricing(List<BundlePrice> bundlePrices) {
    }

    /** correctedStock: the amount minus the open order units bol counts against it. */
    public record Stock(int amount, int correctedStock, boolean managedByRetailer) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Fulfilment(String method, String deliveryCode) {
    }

    public record Condition(String name, String category) {
    }

    public record CountryCode(String countryCode) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Store(String productTitle, List<CountryCode> visible) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RetailerOffer(String offerId, String ean, String reference, boolean onHoldByRetailer,
            String unknownProductTitle, Pricing pricing, Stock stock, Fulfilment fulfilment, Store store,
            Condition condition, List<Object> notPublishableReasons) {
    }

    // asynchronous writes

    public record Link(String rel, String href, String method) {
    }

    /** status: PENDING, then SUCCESS or FAILURE (with errorMessage); entityId is the created id on a create. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProcessStatus(String processStatusId, String entityId, String eventType, String description,
            String status, String errorMessage, String createTimestamp, List<Link> links) {

        /** This status with its self link under {@code apiBase} (scheme, host and port of the API). */
        ProcessStatus withSelfLink(String apiBase) {
            return new ProcessStatus(processStatusId, entityId, eventType, description, status, errorMessage, createTimestamp,
                    List.of(new Link("self", apiBase + "/shared/process-status/" + processStatusId, "GET")));
        }
    }

    /** The answer to a bulk process status read: the statuses bol still holds of those asked for. */
    public record ProcessStatuses(List<ProcessStatus> processStatuses) {
    }

    // orders

    /** One page of orders; no orders at all is written {@code {}}, as bol answers an empty page. */
    public record ReducedOrders(@JsonInclude(JsonInclude.Include.NON_EMPTY) List<ReducedOrder> orders) {
    }

    public record ReducedOrder(String orderId, String orderPlacedDateTime, List<ReducedOrderItem> orderItems) {
    }

    /** fulfilmentStatus: OPEN while units are neither shipped nor cancelled, else HANDLED. */
    public record ReducedOrderItem(String orderItemId, String ean, String fulfilmentMethod, String fulfilmentStatus,
            int quantity, int quantityShipped, int quantityCancelled, boolean cancellationRequest,
            String latestChangedDateTime) {
    }

    /** The shipment and billing details of an order (billing has no language). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Address(String salutation, String firstName, String surname, String streetName, String houseNumber,
            String houseNumberExtension, String zipCode, String city, String countryCode, String email,
            String language) {

        Address withEmail(String alias) {
            return new Address(salutation, firstName, surname, streetName, houseNumber, houseNumberExtension, zipCode, city,
                    countryCode, alias, language);
        }

        Address withLanguage(String code) {
            return new Address(salutation, firstName, surname, streetName, houseNumber, houseNumberExtension, zipCode, city,
                    countryCode, email, code);
        }
    }

    public record Order(String orderId, boolean pickupPoint, String orderPlacedDateTime, Address shipmentDetails,
            Address billingDetails, List<OrderItem> orderItems) {
    }

    public record OrderItem(String orderItemId, boolean cancellationRequest, OrderFulfilment fulfilment, OrderOffer offer,
            OrderProduct product, int quantity, int quantityShipped, int quantityCancelled, BigDecimal unitPrice,
            BigDecimal totalPrice, BigDecimal commission, List<Object> discounts, String latestChangedDateTime) {
    }

    public record OrderFulfilment(String method, String distributionParty, LocalDate latestDeliveryDate,
            String timeFrameType) {
    }

    public record OrderOffer(String offerId, String reference) {
    }

    public record OrderProduct(String ean, String title) {
    }

    // shipments

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Transport(String transporterCode, String trackAndTrace) {
    }

    public record ShipmentItem(String orderItemId, String ean, int quantity) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Shipment(String shipmentId, String shipmentDateTime, String shipmentReference, String orderId,
            List<ShipmentItem> shipmentItems, Transport transport) {
    }
}
