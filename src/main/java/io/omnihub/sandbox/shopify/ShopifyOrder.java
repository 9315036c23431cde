package io.omnihub.sandbox.shopify;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.omnihub.sandbox.shopify.ShopifyCatalog.Location;
import io.omnihub.sandbox.shopify.ShopifyCatalog.ProductVariant;

/**
 * A web-shop order as the sandbox keeps it. Prices include VAT (taxes_included, as Dutch shops
 * show them); tax is the VAT share of each line, rounded per line. No discounts in the sandbox.
 *
 * @param pickupLocation the store the customer collects from, null for home delivery
 * @param stockLocation  where the units were committed: the pickup store or the warehouse
 */
public record ShopifyOrder(String id, long legacyResourceId, int number, String email, Customer customer,
        Instant createdAt, Instant updatedAt, String currencyCode, Location pickupLocation, Location stockLocation,
        List<LineItem> lineItems, ShippingLine shippingLine, Instant cancelledAt, List<Fulfillment> fulfillments) {

    /** The number shown to the customer. */
    public String name() {
        return "#" + number;
    }

    /** The same order, cancelled at {@code at}. */
    ShopifyOrder cancel(Instant at) {
        return new ShopifyOrder(id, legacyResourceId, number, email, customer, createdAt, at, currencyCode, pickupLocation,
                stockLocation, lineItems, shippingLine, at, fulfillments);
    }

    /** The same order with one more fulfillment. */
    ShopifyOrder fulfil(Fulfillment fulfillment) {
        List<Fulfillment> all = new ArrayList<>(fulfillments);
        all.add(fulfillment);
        return new ShopifyOrder(id, legacyResourceId, number, email, customer, createdAt, fulfillment.createdAt(), currencyCode,
                pickupLocation, stockLocation, lineItems, shippingLine, cancelledAt, List.copyOf(all));
    }

    /** Units of the line handed over so far. */
    public int fulfilled(LineItem line) {
        return fulfillments.stream().mapToInt(f -> f.quantities().getOrDefault(line.legacyResourceId(), 0)).sum();
    }

    /** Units of the line still to hand over: none once the order is cancelled. */
    public int fulfillable(LineItem line) {
        return cancelledAt != null ? 0 : line.quantity() - fulfilled(line);
    }

    /**
     * Units handed to the carrier or collected at one time (a successful fulfillment).
     *
     * @param quantities units per line item (its numeric id), in the order's line order
     */
    public record Fulfillment(String id, long legacyResourceId, Instant createdAt, Map<Long, Integer> quantities) {
    }

    public record LineItem(String id, long legacyResourceId, String sku, String name, String title, String variantTitle,
            int quantity, ProductVariant variant, BigDecimal price, int vatRate) {

        public BigDecimal total() {
            return price.multiply(BigDecimal.valueOf(quantity));
        }

        public BigDecimal tax() {
            return vatShare(total(), vatRate);
        }
    }

    public record Customer(String id, long legacyResourceId, String firstName, String lastName, String email) {
    }

    public record ShippingLine(long id, String title, String code, BigDecimal price, int vatRate) {

        public BigDecimal tax() {
            return vatShare(price, vatRate);
        }
    }

    /** The VAT contained in a VAT-inclusive amount, to the cent. */
    static BigDecimal vatShare(BigDecimal inclusive, int ratePercent) {
        return inclusive.multiply(BigDecimal.valueOf(ratePercent))
                .divide(BigDecimal.valueOf(100L + ratePercent), 2, RoundingMode.HALF_EVEN);
    }

    public BigDecimal lineItemsTotal() {
        return sum(LineItem::total);
    }

    public BigDecimal totalDiscounts() {
        return BigDecimal.ZERO.setScale(2);
    }

    /** Line items after discounts (Shopify's subtotal_price). */
    public BigDecimal subtotal() {
        return lineItemsTotal().subtract(totalDiscounts());
    }

    public BigDecimal totalTax() {
        return sum(LineItem::tax).add(shippingLine.tax());
    }

    public BigDecimal totalPrice() {
        return subtotal().add(shippingLine.price());
    }

    private BigDecimal sum(Function<LineItem, BigDecimal> amount) {
        return lineItems.stream().map(amount).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2, RoundingMode.UNNECESSARY);
    }
}
