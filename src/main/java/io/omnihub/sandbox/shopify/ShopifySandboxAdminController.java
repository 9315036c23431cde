package io.omnihub.sandbox.shopify;

import io.omnihub.sandbox.SandboxApi;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.omnihub.sandbox.SandboxAdminController;
import io.omnihub.sandbox.shopify.ShopifyCatalog.Location;
import io.omnihub.sandbox.shopify.ShopifyCatalog.ProductVariant;
import io.omnihub.sandbox.shopify.ShopifyInventory.InventoryLevel;

/**
 * The Shopify sandbox's own admin API under {@code /_sandbox/}: read back inventory levels with all
 * named quantities and the orders, place a web-shop order as a customer would, read the cost
 * bucket, and reset to the seed. Never part of Shopify's API.
 */
@SandboxApi
@RequestMapping(SandboxAdminController.PREFIX)
public class ShopifySandboxAdminController {

    /** One level as the admin API shows it: SKU and canonical location beside Shopify's ids. */
    public record Level(String sku, String inventoryItemId, String location, String locationId,
            Map<String, Integer> quantities, Instant updatedAt) {

        static Level of(InventoryLevel level) {
            return new Level(level.item().sku(), level.item().id(), level.location().canonicalId(), level.location().id(),
                    level.quantities(), level.updatedAt());
        }
    }

    private final ShopifyState state;
    private final RestPayloads payloads;
    private final CostBucket bucket;

    ShopifySandboxAdminController(ShopifyState state, RestPayloads payloads, CostBucket bucket) {
        this.state = state;
        this.payloads = payloads;
        this.bucket = bucket;
    }

    /**
     * Inventory levels, all or those of one SKU and/or one location (its canonical id such as DC-NL,
     * its numeric Shopify id or its gid); quantities in Shopify's order, on_hand included.
     */
    @GetMapping("/inventory-levels")
    public ResponseEntity<Object> inventoryLevels(@RequestParam(required = false) String sku,
            @RequestParam(required = false) String location) {
        Optional<ProductVariant> variant = sku == null ? Optional.empty() : state.catalog().variantBySku(sku);
        Optional<Location> place = location == null ? Optional.empty() : state.catalog().locationByAnyId(location);
        if (sku != null && variant.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "Unknown SKU: " + sku);
        }
        if (location != null && place.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "Unknown location: " + location);
        }
        List<Level> levels = state.inventory()
                .levels(variant.map(ProductVariant::inventoryItem).orElse(null), place.orElse(null))
                .stream().map(Level::of).toList();
        return ResponseEntity.ok(levels);
    }

    /** Orders placed, oldest first, as their orders/create webhook body. */
    @GetMapping("/orders")
    public List<ObjectNode> orders() {
        return state.orders().stream().map(payloads::order).toList();
    }

    /**
     * Places a web-shop order: {@code {"lines":[{"sku":"TR2-LW-GRN","quantity":1}], "pickupLocation":"UTR-01",
     * "email":"klant@example.nl"}}. 201 with the order; 400 for a bad request, 422 when not enough
     * units are available (unless {@code "allowOversell": true}).
     */
    @PostMapping("/orders")
    public ResponseEntity<Object> placeOrder(@RequestBody ShopifyState.OrderRequest request) {
        try {
            return ResponseEntity.status(HttpStatus.CREATED).body(payloads.order(state.placeOrder(request)));
        } catch (ShopifyState.OrderRejected e) {
            return error(e.outOfStock() ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    /** Cancels an order (its gid or numeric id): its units are available again and orders/cancelled is sent. */
    @PostMapping("/orders/{id}/cancel")
    public ResponseEntity<Object> cancelOrder(@PathVariable String id) {
        return state.cancelOrder(id).<ResponseEntity<Object>>map(order -> ResponseEntity.ok(payloads.order(order)))
                .orElseGet(() -> error(HttpStatus.NOT_FOUND, "Unknown order: " + id));
    }

    /**
     * Fulfils an order (its gid or numeric id), all it has left or {@code {"lines":[{"sku":"TR2-LW-GRN",
     * "quantity":1}]}}: the units leave committed and orders/updated is sent. 404 for an unknown order,
     * 400 for a cancelled one or more units than are left.
     */
    @PostMapping("/orders/{id}/fulfil")
    public ResponseEntity<Object> fulfilOrder(@PathVariable String id, @RequestBody(required = false) FulfilRequest request) {
        try {
            return state.fulfilOrder(id, request == null ? null : request.lines())
                    .<ResponseEntity<Object>>map(order -> ResponseEntity.ok(payloads.order(order)))
                    .orElseGet(() -> error(HttpStatus.NOT_FOUND, "Unknown order: " + id));
        } catch (ShopifyState.OrderRejected e) {
            return error(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    /** Which units to fulfil; no lines: all that are left. */
    public record FulfilRequest(List<ShopifyState.OrderRequest.Line> lines) {
    }

    /** The GraphQL cost bucket as it is now. */
    @GetMapping("/throttle-status")
    public CostBucket.ThrottleStatus throttleStatus() {
        return bucket.status();
    }

    /** Back to the seed: stock, no orders, no idempotency keys, a full cost bucket. */
    @PostMapping("/reset")
    public ResponseEntity<Void> reset() {
        state.reset();
        bucket.reset();
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<Object> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message));
    }
}
