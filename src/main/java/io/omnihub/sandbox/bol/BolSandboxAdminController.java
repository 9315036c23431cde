package io.omnihub.sandbox.bol;

import io.omnihub.sandbox.SandboxApi;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.omnihub.sandbox.SandboxAdminController;
import io.omnihub.sandbox.bol.BolWire.Order;
import io.omnihub.sandbox.bol.BolWire.ProcessStatus;
import io.omnihub.sandbox.bol.BolWire.RetailerOffer;
import io.omnihub.sandbox.bol.BolWire.Shipment;

/**
 * The bol sandbox's own admin API, next to the shared one under {@code /_sandbox/}: the state as bol
 * holds it (offers with their current stock and price, process statuses, orders, shipments), a
 * customer's purchase and its cancellation, so a test or demo can make a marketplace sale happen
 * and be undone. No token needed.
 */
@SandboxApi
@RequestMapping(SandboxAdminController.PREFIX)
final class BolSandboxAdminController {

    private final BolState state;

    BolSandboxAdminController(BolState state) {
        this.state = state;
    }

    /** All offers, or those with the given reference (the SKU) or EAN. */
    @GetMapping("/offers")
    List<RetailerOffer> offers(@RequestParam(required = false) String reference, @RequestParam(required = false) String ean) {
        return state.offers().stream()
                .filter(o -> reference == null || reference.equals(o.reference()))
                .filter(o -> ean == null || ean.equals(o.ean()))
                .toList();
    }

    @GetMapping("/offers/{offerId}")
    RetailerOffer offer(@PathVariable String offerId) {
        return state.offer(offerId).orElseThrow(() -> BolException.of(404, "Offer with id " + offerId + " not found."));
    }

    @GetMapping("/process-statuses")
    List<ProcessStatus> processStatuses() {
        return state.processStatuses().stream().map(BolResponses::linked).toList();
    }

    @GetMapping("/orders")
    List<Order> orders() {
        return state.allOrders();
    }

    @GetMapping("/orders/{orderId}")
    Order order(@PathVariable String orderId) {
        return state.order(orderId).orElseThrow(() -> BolException.of(404, "Order for order id " + orderId + " not found."));
    }

    /**
     * A customer buys: {@code {"items":[{"ean":"8712345001018","quantity":1}]}} becomes an FBR order
     * priced from the offers. 400 for an EAN without offer, 409 when an offer has too little stock for sale.
     * An optional {@code orderPlacedDateTime} (ISO-8601 with offset) places it at that time instead of now,
     * as bol shows an order that became visible late, or two orders placed in the same second.
     */
    @PostMapping("/orders")
    ResponseEntity<Order> placeOrder(@RequestBody JsonNode body) {
        JsonNode json = BolRequestReader.body(body);
        var reader = new BolRequestReader();
        List<BolState.OrderLine> lines = new ArrayList<>();
        List<JsonNode> items = reader.array(json.path("items"), "items", 1, 100);
        for (int i = 0; i < items.size(); i++) {
            String ean = reader.ean(items.get(i).path("ean"), "items[" + i + "].ean");
            Integer quantity = reader.integer(items.get(i).path("quantity"), "items[" + i + "].quantity", true, 1, 999);
            if (ean != null && quantity != null) {
                lines.add(new BolState.OrderLine(ean, quantity));
            }
        }
        String placed = reader.text(json.path("orderPlacedDateTime"), "orderPlacedDateTime", false, 1, 64);
        reader.check();
        Instant placedAt;
        try {
            placedAt = placed == null ? null : OffsetDateTime.parse(placed).toInstant();
        } catch (DateTimeParseException e) {
            throw BolException.invalid("orderPlacedDateTime", "'" + placed + "' is not an ISO-8601 date-time with offset.");
        }
        try {
            return ResponseEntity.status(HttpStatus.CREATED).body(state.placeOrder(lines, placedAt));
        } catch (IllegalArgumentException e) {
            throw BolException.invalid("items", e.getMessage());
        } catch (IllegalStateException e) {
            throw BolException.of(409, e.getMessage());
        }
    }

    /**
     * bol.com cancels an order at its customer's request: the whole order with no body (or an empty
     * one), or some units of some items with {@code {"items":[{"orderItemId":"2100000001","quantity":1}]}}
     * (no quantity: all its open units). Answers the order as GET /retailer/orders/{id} then shows it,
     * quantityCancelled and cancellationRequest set. 404 for an unknown order, 400 for an item that is
     * not the order's, 409 for more units than are still open (shipped and cancelled ones are not).
     */
    @PostMapping("/orders/{orderId}/cancel")
    Order cancelOrder(@PathVariable String orderId, @RequestBody(required = false) JsonNode body) {
        List<BolState.CancelLine> lines = new ArrayList<>();
        if (body != null && !body.isEmpty()) {
            var reader = new BolRequestReader();
            List<JsonNode> items = reader.array(BolRequestReader.body(body).path("items"), "items", 1, 100);
            for (int i = 0; i < items.size(); i++) {
                String name = "items[" + i + "]";
                lines.add(new BolState.CancelLine(reader.text(items.get(i).path("orderItemId"), name + ".orderItemId", true, 1, 100),
                        reader.integer(items.get(i).path("quantity"), name + ".quantity", false, 1, 999)));
            }
            reader.check();
        }
        try {
            return state.cancelOrder(orderId, lines);
        } catch (NoSuchElementException e) {
            throw BolException.of(404, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw BolException.invalid("items", e.getMessage());
        } catch (IllegalStateException e) {
            throw BolException.of(409, e.getMessage());
        }
    }

    @GetMapping("/shipments")
    List<Shipment> shipments() {
        return state.shipments();
    }
}
