package io.omnihub.sandbox.bol;

import io.omnihub.sandbox.SandboxApi;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

import io.omnihub.sandbox.bol.BolWire.Order;
import io.omnihub.sandbox.bol.BolWire.ProcessStatus;
import io.omnihub.sandbox.bol.BolWire.ReducedOrders;
import io.omnihub.sandbox.bol.BolWire.Transport;

/**
 * Orders (list and detail) and shipping them with v10's POST /retailer/shipments; the per-order
 * shipment call of older versions answers 403 as in v10.
 */
@SandboxApi
final class BolOrderController {

    private final BolState state;

    BolOrderController(BolState state) {
        this.state = state;
    }

    /** Defaults as bol's: page 1, FBR, OPEN. An empty page is {@code {}}. */
    @GetMapping("/retailer/orders")
    ReducedOrders orders(@RequestParam(required = false) String page,
            @RequestParam(name = "fulfilment-method", required = false) String fulfilmentMethod,
            @RequestParam(required = false) String status) {
        var reader = new BolRequestReader();
        Integer pageNumber = reader.integer(BolRequestReader.query(page), "page", false, 1, Integer.MAX_VALUE);
        String method = reader.choice(BolRequestReader.query(fulfilmentMethod), "fulfilment-method", false,
                List.of("FBR", "FBB", "ALL"));
        String orderStatus = reader.choice(BolRequestReader.query(status), "status", false, List.of("OPEN", "SHIPPED", "ALL"));
        reader.check();
        return state.orders(pageNumber == null ? 1 : pageNumber, method == null ? "FBR" : method,
                orderStatus == null ? "OPEN" : orderStatus);
    }

    @GetMapping("/retailer/orders/{orderId}")
    Order order(@PathVariable String orderId) {
        return state.order(orderId).orElseThrow(() -> BolException.of(404, "Order for order id " + orderId + " not found."));
    }

    @PostMapping("/retailer/shipments")
    ResponseEntity<ProcessStatus> ship(@RequestBody JsonNode body) {
        JsonNode json = BolRequestReader.body(body);
        var reader = new BolRequestReader();
        List<JsonNode> items = reader.array(json.path("orderItems"), "orderItems", 1, 100);
        List<BolState.ShipmentLine> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String name = "orderItems[" + i + "]";
            lines.add(new BolState.ShipmentLine(reader.text(items.get(i).path("orderItemId"), name + ".orderItemId", true, 1, 100),
                    reader.integer(items.get(i).path("quantity"), name + ".quantity", false, 1, 9999)));
        }
        String reference = reader.text(json.path("shipmentReference"), "shipmentReference", false, 1, 90);
        JsonNode transportJson = reader.object(json.path("transport"), "transport", false);
        Transport transport = transportJson == null ? null : new Transport(
                reader.text(transportJson.path("transporterCode"), "transport.transporterCode", true, 1, 100),
                reader.text(transportJson.path("trackAndTrace"), "transport.trackAndTrace", false, 0, 100));
        reader.check();
        return BolResponses.accepted(state.createShipment(lines, reference, transport));
    }

    @PutMapping("/retailer/orders/{orderId}/shipment")
    void retiredShipment(@PathVariable String orderId) {
        throw BolException.of(403, "Shipping per order is no longer supported in v10; use POST /retailer/shipments.");
    }
}
