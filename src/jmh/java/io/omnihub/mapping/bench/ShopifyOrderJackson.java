package io.omnihub.mapping.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Shopify REST order (orders/create webhook body) to canonical order, written by hand with the
 * Jackson tree API: the baseline for the JSONata and JSLT versions of the same mapping
 * ({@code shopify-order.in.jsonata}, {@code shopify-order.in.jslt}), which must give the same JSON.
 *
 * <p>Money: Shopify sends amounts as 2-decimal strings in shop currency; those are copied as they
 * are. Amounts we compute use {@link BigDecimal}, never {@code double}.
 */
public final class ShopifyOrderJackson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Shopify financial_status to canonical paymentStatus; an unknown value leaves the field out. */
    private static final Map<String, String> PAYMENT_STATUS = Map.of(
            "pending", "pending",
            "authorized", "authorized",
            "partially_paid", "pending",          // still waiting for money
            "paid", "paid",
            "partially_refunded", "partially-refunded",
            "refunded", "refunded",
            "voided", "failed",                   // authorization voided or expired
            "expired", "failed");

    private static final Pattern PHONE_NOISE = Pattern.compile("[\\s()-]");
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");

    private ShopifyOrderJackson() {
    }

    public static ObjectNode map(JsonNode order, Xref xref) {
        String currency = order.path("currency").asText();
        String orderId = order.path("id").asText();
        // Click & collect: the shop's pickup rate has code "pickup". The REST order carries no pickup
        // location on the shipping line, so the store is the order's location_id.
        boolean pickup = "pickup".equals(order.path("shipping_lines").path(0).path("code").asText(null));

        ObjectNode out = JSON.objectNode();
        out.put("id", xref.canonical("shopify", "order", orderId));
        out.put("orderNumber", order.path("name").asText());
        out.put("channel", "webshop-shopify");
        out.put("status", status(order));
        putIfPresent(out, "paymentStatus", PAYMENT_STATUS.get(order.path("financial_status").asText()));
        out.put("placedAt", order.path("created_at").asText());
        JsonNode customerId = order.path("customer").path("id");
        if (!customerId.isMissingNode() && !customerId.isNull()) {
            out.put("customerId", xref.canonical("shopify", "customer", customerId.asText()));
        }
        putIfPresent(out, "email", text(order, "email"));
        out.put("currency", currency);
        out.put("taxIncluded", order.path("taxes_included").asBoolean());
        out.put("deliveryMethod", pickup ? "pickup" : "shipping");
        if (pickup) {
            out.put("pickupLocationId", xref.canonical("shopify", "location", order.path("location_id").asText()));
        }
        putIfPresent(out, "shippingAddress", address(order.path("shipping_address")));
        putIfPresent(out, "billingAddress", address(order.path("billing_address")));

        ArrayNode lines = out.putArray("lines");
        for (JsonNode item : order.path("line_items")) {
            lines.add(line(item, currency, xref));
        }

        ObjectNode totals = out.putObject("totals");
        // Canonical subtotal is before discounts: total_line_items_price, not Shopify's subtotal_price.
        totals.set("subtotal", price(order.path("total_line_items_price").asText(), currency));
        totals.set("discountTotal", price(order.path("total_discounts").asText(), currency));
        totals.set("shippingTotal",
                price(order.path("total_shipping_price_set").path("shop_money").path("amount").asText(), currency));
        totals.set("taxTotal", price(order.path("total_tax").asText(), currency));
        totals.set("grandTotal", price(order.path("total_price").asText(), currency));

        ObjectNode sourceRef = out.putObject("sourceRef");
        sourceRef.put("system", "shopify");
        sourceRef.put("externalId", orderId);
        out.put("updatedAt", order.path("updated_at").asText());
        return out;
    }

    private static String status(JsonNode order) {
        if (text(order, "cancelled_at") != null) {
            return "cancelled";
        }
        return "paid".equals(order.path("financial_status").asText()) ? "confirmed" : "pending";
    }

    private static ObjectNode line(JsonNode item, String currency, Xref xref) {
        BigDecimal unitPrice = new BigDecimal(item.path("price").asText());
        int quantity = item.path("quantity").asInt();
        // Shopify's own advice: discount_allocations, not the deprecated total_discount.
        BigDecimal discount = BigDecimal.ZERO;
        for (JsonNode allocation : item.path("discount_allocations")) {
            discount = discount.add(new BigDecimal(allocation.path("amount").asText()));
        }

        ObjectNode line = JSON.objectNode();
        // Line ids go through the registry, so fulfilments and returns (which name Shopify line
        // item ids) can find the canonical line.
        line.put("id", xref.canonical("shopify", "order-line", item.path("id").asText()));
        line.put("sku", item.path("sku").asText());
        putIfPresent(line, "title", text(item, "name"));
        line.put("quantity", quantity);
        line.set("unitPrice", price(item.path("price").asText(), currency));
        if (discount.signum() > 0) {
            line.set("discount", money(discount, currency));
        }
        JsonNode taxLines = item.path("tax_lines");
        if (taxLines.size() > 0) {
            // 0.21 -> "21" (percent); several tax lines (e.g. US state + county) add up.
            BigDecimal rate = BigDecimal.ZERO;
            for (JsonNode taxLine : taxLines) {
                rate = rate.add(taxLine.path("rate").decimalValue());
            }
            line.put("taxRate", rate.movePointRight(2).setScale(4, RoundingMode.HALF_EVEN)
                    .stripTrailingZeros().toPlainString());
        }
        BigDecimal lineTotal = unitPrice.multiply(BigDecimal.valueOf(quantity)).subtract(discount);
        line.set("lineTotal", money(lineTotal, currency));
        return line;
    }

    /** Shopify address to canonical postalAddress, leaving out null and empty fields. */
    private static ObjectNode address(JsonNode a) {
        if (!a.isObject()) {
            return null;
        }
        ObjectNode out = JSON.objectNode();
        putIfPresent(out, "name", text(a, "name"));
        putIfPresent(out, "company", text(a, "company"));
        putIfPresent(out, "line1", text(a, "address1"));
        putIfPresent(out, "line2", text(a, "address2"));
        putIfPresent(out, "postalCode", text(a, "zip"));
        putIfPresent(out, "city", text(a, "city"));
        putIfPresent(out, "region", text(a, "province"));
        putIfPresent(out, "countryCode", text(a, "country_code"));
        putIfPresent(out, "phone", e164(text(a, "phone")));
        return out;
    }

    /**
     * The schema only accepts E.164 ("+31612345678"): strip spaces, dashes and brackets; a number
     * that is still not E.164 (e.g. "06 12345678") is left out.
     */
    private static String e164(String phone) {
        if (phone == null) {
            return null;
        }
        String n = PHONE_NOISE.matcher(phone).replaceAll("");
        return E164.matcher(n).matches() ? n : null;
    }

    /** Money object from a Shopify amount string (already "249.95" form). */
    private static ObjectNode price(String amount, String currency) {
        ObjectNode money = JSON.objectNode();
        money.put("amount", amount);
        money.put("currency", currency);
        return money;
    }

    /** Money object from a computed amount, always with 2 decimals: 39.9 -> "39.90". */
    private static ObjectNode money(BigDecimal amount, String currency) {
        return price(amount.setScale(2, RoundingMode.HALF_UP).toPlainString(), currency);
    }

    /** The field's text, or null when it is missing, null or empty. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.asText();
        return text.isEmpty() ? null : text;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void putIfPresent(ObjectNode node, String field, JsonNode value) {
        if (value != null) {
            node.set(field, value);
        }
    }
}
