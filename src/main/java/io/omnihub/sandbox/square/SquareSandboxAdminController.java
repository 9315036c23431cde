package io.omnihub.sandbox.square;

import io.omnihub.sandbox.SandboxApi;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

import io.omnihub.sandbox.SandboxAdminController;
import io.omnihub.sandbox.square.SquareInventory.Key;
import io.omnihub.sandbox.square.SquareInventory.State;
import io.omnihub.sandbox.square.SquareObjects.Order;

/**
 * The Square sandbox's own admin API under {@code /_sandbox/}: counts by SKU and location (canonical
 * or Square ids), the orders the till made, and the till itself (a sale). Never part of Square's API.
 */
@SandboxApi
@RequestMapping(SandboxAdminController.PREFIX)
class SquareSandboxAdminController {

    /** One count with both the canonical and the Square ids, so a test needs no mapping. */
    record Count(String sku, String locationId, String catalogObjectId, String squareLocationId, String state,
            BigDecimal quantity, Instant calculatedAt) {
    }

    private final SquareAccount account;
    private final ObjectMapper json;

    SquareSandboxAdminController(SquareAccount account, ObjectMapper json) {
        this.account = account;
        this.json = json;
    }

    /** Counts, all or of one SKU (or catalog object id), location (canonical or Square id) and state. */
    @GetMapping("/counts")
    List<Count> counts(@RequestParam(required = false) String sku, @RequestParam(required = false) String location,
            @RequestParam(required = false) String state) {
        Predicate<Key> filter = key -> true;
        if (sku != null) {
            int item = item(sku, "sku");
            filter = filter.and(key -> key.item() == item);
        }
        if (location != null) {
            int store = store(location, "location");
            filter = filter.and(key -> key.store() == store);
        }
        if (state != null) {
            State wanted = JsonFields.enumValue("state", State.class, state);
            filter = filter.and(key -> key.state() == wanted);
        }
        SquareCatalog catalog = account.catalog();
        return account.counts(filter).stream()
                .map(entry -> new Count(catalog.variation(entry.key().item()).sku(), catalog.store(entry.key().store()).id(),
                        catalog.variation(entry.key().item()).squareVariationId(), catalog.store(entry.key().store()).squareId(),
                        entry.key().state().name(), entry.quantity(), entry.calculatedAt()))
                .toList();
    }

    @GetMapping("/orders")
    List<Order> orders() {
        return account.orders();
    }

    @GetMapping("/orders/{id}")
    Order order(@PathVariable String id) {
        return account.order(id).orElseThrow(() -> new SquareApiException(404, SquareApiException.INVALID_REQUEST,
                "NOT_FOUND", "Order `" + id + "` not found.", "id"));
    }

    /**
     * A sale at the till: {@code {location, sku | catalog_object_id, quantity (default 1)}}. Answers
     * the completed order; its stock moves IN_STOCK to SOLD and order.created and
     * inventory.count.updated are sent.
     */
    @PostMapping("/sales")
    @ResponseStatus(HttpStatus.CREATED)
    Order sale(@RequestBody(required = false) String body) {
        JsonFields request = JsonFields.parse(json, body);
        int store = store(request.requiredString("location"), "location");
        int item = request.has("sku")
                ? item(request.requiredString("sku"), "sku")
                : item(request.requiredString("catalog_object_id"), "catalog_object_id");
        BigDecimal quantity = quantity(request);
        return account.sale(store, item, quantity);
    }

    private static BigDecimal quantity(JsonFields request) {
        JsonNode value = request.node().get("quantity");
        BigDecimal quantity = value == null || value.isNull() ? BigDecimal.ONE
                : value.isNumber() ? value.decimalValue() : request.requiredQuantity("quantity");
        if (quantity.signum() <= 0 || quantity.stripTrailingZeros().scale() > 5) {
            throw SquareApiException.invalid("INVALID_VALUE",
                    "`quantity` must be above 0 with at most 5 digits after the decimal point.", "quantity");
        }
        return quantity;
    }

    private int item(String skuOrId, String field) {
        return account.catalog().itemBySkuOrId(skuOrId).orElseThrow(() -> SquareApiException.invalid("NOT_FOUND",
                "No item variation with SKU or id `" + skuOrId + "`.", field));
    }

    private int store(String id, String field) {
        return account.catalog().store(id, true).orElseThrow(() -> SquareApiException.invalid("NOT_FOUND",
                "No store with Square or canonical id `" + id + "`.", field));
    }
}
