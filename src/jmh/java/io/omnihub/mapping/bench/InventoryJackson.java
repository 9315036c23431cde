package io.omnihub.mapping.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The inventory mappings written by hand on Jackson trees: the baseline the mapping languages are measured against. */
public final class InventoryJackson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private InventoryJackson() {
    }

    /** Square inventory.count.updated -> canonical inventory-level records (same as square-inventory-count.in.*). */
    public static ArrayNode squareCountsIn(JsonNode webhook, Xref xref) {
        ArrayNode levels = NODES.arrayNode();
        for (JsonNode count : webhook.path("data").path("object").path("inventory_counts")) {
            if (!"IN_STOCK".equals(count.path("state").asText())) {
                continue;
            }
            String variation = count.path("catalog_object_id").asText();
            String squareLocation = count.path("location_id").asText();
            String sku = xref.canonical("square", "product", variation);
            String location = xref.canonical("square", "location", squareLocation);
            ObjectNode level = levels.addObject();
            level.put("id", sku + "@" + location);
            level.put("sku", sku);
            level.put("locationId", location);
            level.put("onHand", Integer.parseInt(count.path("quantity").asText()));
            level.put("updatedAt", count.path("calculated_at").asText());
            level.putObject("sourceRef").put("system", "square").put("externalId", variation + "@" + squareLocation);
        }
        return levels;
    }

    /** Canonical inventory-level records -> Shopify inventorySetQuantities variables (same as shopify-inventory-set.out.*). */
    public static ObjectNode shopifySetOut(JsonNode levels, Xref xref) {
        ObjectNode variables = NODES.objectNode();
        ObjectNode input = variables.putObject("input");
        input.put("name", "on_hand");
        input.put("reason", "correction");
        input.put("referenceDocumentUri", "omnihub://inventory-level/" + levels.path(0).path("id").asText());
        ArrayNode quantities = input.putArray("quantities");
        for (JsonNode level : levels) {
            ObjectNode quantity = quantities.addObject();
            quantity.put("inventoryItemId", xref.external("shopify", "inventory-item", level.path("sku").asText()));
            quantity.put("locationId", xref.external("shopify", "location", level.path("locationId").asText()));
            quantity.put("quantity", level.path("onHand").asInt());
            quantity.putNull("changeFromQuantity");
        }
        return variables;
    }
}
