package io.omnihub.sandbox.shopify;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.sandbox.shopify.ShopifyInventory.InventoryLevel;
import io.omnihub.sandbox.shopify.ShopifyOrder.LineItem;
import io.omnihub.sandbox.shopify.ShopifyOrder.ShippingLine;

/**
 * The REST representations Shopify sends as webhook bodies: the order (orders/create) and the
 * inventory level (inventory_levels/update), field for field as the hub's mappings read them
 * (mappings/shopify/order.in.jslt, inventory-level.in.jslt and their fixtures). Amounts are
 * 2-decimal strings, timestamps carry the shop's offset, ids are numbers.
 */
final class RestPayloads {

    private final ObjectMapper json;
    private final ZoneId zone;
    private final ShopifyCatalog catalog;

    RestPayloads(ObjectMapper json, ZoneId zone, ShopifyCatalog catalog) {
        this.json = json;
        this.zone = zone;
        this.catalog = catalog;
    }

    ObjectNode inventoryLevel(InventoryLevel level) {
        ObjectNode body = json.createObjectNode();
        body.put("inventory_item_id", level.item().legacyResourceId());
        body.put("location_id", level.location().legacyResourceId());
        body.put("available", level.quantity(ShopifyInventory.AVAILABLE));
        body.put("updated_at", time(level.updatedAt()));
        body.put("admin_graphql_api_id", level.id());
        return body;
    }

    ObjectNode order(ShopifyOrder order) {
        String currency = order.currencyCode();
        ObjectNode body = json.createObjectNode();
        body.put("id", order.legacyResourceId());
        body.put("admin_graphql_api_id", order.id());
        body.put("buyer_accepts_marketing", false);
        if (order.cancelledAt() == null) {
            body.putNull("cancel_reason");
            body.putNull("cancelled_at");
        } else {
            body.put("cancel_reason", "customer");
            body.put("cancelled_at", time(order.cancelledAt()));
        }
        body.put("confirmation_number", Long.toString(order.legacyResourceId(), 36).toUpperCase(Locale.ROOT));
        body.put("confirmed", true);
        body.put("contact_email", order.email());
        body.put("created_at", time(order.createdAt()));
        body.put("currency", currency);
        body.put("email", order.email());
        body.put("financial_status", "paid");
        putFulfillmentStatus(body, order.lineItems().stream().mapToInt(order::fulfilled).sum(),
                order.lineItems().stream().mapToInt(LineItem::quantity).sum());
        body.putNull("location_id");
        body.put("name", order.name());
        body.putNull("note");
        body.put("order_number", order.number());
        body.putArray("payment_gateway_names").add("shopify_payments");
        body.putNull("phone");
        body.put("presentment_currency", currency);
        body.put("processed_at", time(order.createdAt()));
        body.put("source_name", "web");
        body.put("subtotal_price", amount(order.subtotal()));
        body.put("tags", "");
        body.put("taxes_included", true);
        body.put("test", false);
        body.put("total_discounts", amount(order.totalDiscounts()));
        body.put("total_line_items_price", amount(order.lineItemsTotal()));
        body.put("total_price", amount(order.totalPrice()));
        body.set("total_shipping_price_set", moneySet(order.shippingLine().price(), currency));
        body.put("total_tax", amount(order.totalTax()));
        body.put("total_weight", 0);
        body.put("updated_at", time(order.updatedAt()));
        body.set("billing_address", address());
        if (order.customer() != null) {
            ObjectNode customer = body.putObject("customer");
            customer.put("id", order.customer().legacyResourceId());
            customer.put("email", order.customer().email());
            customer.putNull("first_name");
            customer.putNull("last_name");
            customer.put("state", "enabled");
            customer.put("verified_email", true);
            customer.put("currency", currency);
            customer.put("admin_graphql_api_id", order.customer().id());
        }
        ArrayNode lines = body.putArray("line_items");
        order.lineItems().forEach(line -> lines.add(lineItem(order, line)));
        ArrayNode fulfillments = body.putArray("fulfillments");
        order.fulfillments().forEach(f -> fulfillments.add(fulfillment(order, f)));
        if (order.pickupLocation() == null) {
            body.set("shipping_address", address());
        }
        body.putArray("shipping_lines").add(shippingLine(order.shippingLine()));
        return body;
    }

    private ObjectNode lineItem(ShopifyOrder order, LineItem line) {
        ObjectNode item = json.createObjectNode();
        item.put("id", line.legacyResourceId());
        item.put("variant_id", line.variant().legacyResourceId());
        item.put("product_id", catalog.product(line.variant().productId()).orElseThrow().legacyResourceId());
        item.put("sku", line.sku());
        item.put("title", line.title());
        item.put("variant_title", line.variantTitle());
        item.put("name", line.name());
        item.put("vendor", catalog.vendor());
        item.put("quantity", line.quantity());
        item.put("price", amount(line.price()));
        item.put("grams", 0);
        item.put("requires_shipping", true);
        item.put("taxable", true);
        item.put("total_discount", amount(BigDecimal.ZERO));
        item.putArray("discount_allocations");
        item.set("tax_lines", taxLines(line.tax(), line.vatRate()));
        item.put("fulfillable_quantity", order.fulfillable(line));
        putFulfillmentStatus(item, order.fulfilled(line), line.quantity());
        return item;
    }

    /** null while nothing is fulfilled, then partial, then fulfilled (order and line item alike). */
    private static void putFulfillmentStatus(ObjectNode node, int fulfilled, int quantity) {
        if (fulfilled == 0) {
            node.putNull("fulfillment_status");
        } else {
            node.put("fulfillment_status", fulfilled < quantity ? "partial" : "fulfilled");
        }
    }

    private ObjectNode fulfillment(ShopifyOrder order, ShopifyOrder.Fulfillment fulfillment) {
        ObjectNode body = json.createObjectNode();
        body.put("id", fulfillment.legacyResourceId());
        body.put("admin_graphql_api_id", fulfillment.id());
        body.put("order_id", order.legacyResourceId());
        body.put("status", "success");
        body.put("created_at", time(fulfillment.createdAt()));
        body.put("updated_at", time(fulfillment.createdAt()));
        body.put("location_id", order.stockLocation().legacyResourceId());
        ArrayNode items = body.putArray("line_items");
        order.lineItems().stream().filter(line -> fulfillment.quantities().containsKey(line.legacyResourceId())).forEach(line -> {
            ObjectNode item = items.addObject();
            item.put("id", line.legacyResourceId());
            item.put("sku", line.sku());
            item.put("quantity", fulfillment.quantities().get(line.legacyResourceId()));
        });
        return body;
    }

    private ObjectNode shippingLine(ShippingLine shipping) {
        ObjectNode line = json.createObjectNode();
        line.put("id", shipping.id());
        line.put("title", shipping.title());
        line.put("code", shipping.code());
        line.put("source", "shopify");
        line.put("price", amount(shipping.price()));
        line.put("discounted_price", amount(shipping.price()));
        line.set("tax_lines", taxLines(shipping.tax(), shipping.vatRate()));
        return line;
    }

    private ArrayNode taxLines(BigDecimal tax, int ratePercent) {
        ArrayNode lines = json.createArrayNode();
        ObjectNode line = lines.addObject();
        line.put("title", "BTW");
        line.put("rate", BigDecimal.valueOf(ratePercent).movePointLeft(2));
        line.put("price", amount(tax));
        return lines;
    }

    private ObjectNode moneySet(BigDecimal amount, String currency) {
        ObjectNode set = json.createObjectNode();
        for (String name : List.of("shop_money", "presentment_money")) {
            ObjectNode money = set.putObject(name);
            money.put("amount", amount(amount));
            money.put("currency_code", currency);
        }
        return set;
    }

    /** Every order ships to and bills the same customer address: the admin API takes none. */
    private ObjectNode address() {
        ObjectNode address = json.createObjectNode();
        address.put("first_name", "Sanne");
        address.put("last_name", "de Vries");
        address.put("name", "Sanne de Vries");
        address.putNull("company");
        address.put("address1", "Oudegracht 100");
        address.putNull("address2");
        address.put("city", "Utrecht");
        address.put("zip", "3511 AX");
        address.putNull("province");
        address.putNull("province_code");
        address.put("country", "Netherlands");
        address.put("country_code", "NL");
        address.putNull("phone");
        return address;
    }

    private static String amount(BigDecimal amount) {
        return amount.setScale(2).toPlainString();
    }

    /** Shopify REST time: the shop's local time with its offset, to the second. */
    private String time(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(zone).toOffsetDateTime());
    }
}
