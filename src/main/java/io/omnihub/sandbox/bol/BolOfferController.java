package io.omnihub.sandbox.bol;

import io.omnihub.sandbox.SandboxApi;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;

import io.omnihub.sandbox.bol.BolWire.BundlePrice;
import io.omnihub.sandbox.bol.BolWire.RetailerOffer;

/**
 * The offers API: read one offer, and the asynchronous writes (create, update, delete, stock,
 * price), each validated against bol's schema (400 with violations) and then accepted with a 202
 * process status. Whether the offer exists is only decided when the write is processed.
 */
@SandboxApi
@RequestMapping("/retailer/offers")
final class BolOfferController {

    private static final List<String> CONDITIONS = List.of("NEW", "AS_NEW", "GOOD", "REASONABLE", "MODERATE");
    private static final List<String> FULFILMENT_METHODS = List.of("FBR", "FBB");
    private static final List<String> DELIVERY_CODES = List.of("24uurs-23", "24uurs-22", "24uurs-21", "24uurs-20", "24uurs-19",
            "24uurs-18", "24uurs-17", "24uurs-16", "24uurs-15", "24uurs-14", "24uurs-13", "24uurs-12", "1-2d", "2-3d",
            "3-5d", "4-8d", "1-8d", "MijnLeverbelofte", "VVB");

    private final BolState state;

    BolOfferController(BolState state) {
        this.state = state;
    }

    @GetMapping("/{offerId}")
    RetailerOffer offer(@PathVariable String offerId) {
        return state.offer(offerId).orElseThrow(() -> BolException.of(404, "Offer with id " + offerId + " not found."));
    }

    @PostMapping
    ResponseEntity<BolWire.ProcessStatus> create(@RequestBody JsonNode body) {
        JsonNode json = BolRequestReader.body(body);
        var reader = new BolRequestReader();
        String ean = reader.ean(json.path("ean"), "ean");
        JsonNode condition = reader.object(json.path("condition"), "condition", true);
        String conditionName = condition == null ? null
                : reader.choice(condition.path("name"), "condition.name", true, CONDITIONS);
        String reference = reader.text(json.path("reference"), "reference", false, 0, 100);
        Boolean onHold = reader.bool(json.path("onHoldByRetailer"), "onHoldByRetailer", false);
        String unknownTitle = reader.text(json.path("unknownProductTitle"), "unknownProductTitle", false, 0, 500);
        List<BundlePrice> prices = reader.pricing(json.path("pricing"), "pricing");
        JsonNode stock = reader.object(json.path("stock"), "stock", true);
        Integer amount = stock == null ? null : reader.integer(stock.path("amount"), "stock.amount", true, 0, 999);
        Boolean managed = stock == null ? null : reader.bool(stock.path("managedByRetailer"), "stock.managedByRetailer", true);
        Fulfilment fulfilment = fulfilment(reader, json);
        reader.check();
        return BolResponses.accepted(state.createOffer(new BolState.NewOffer(ean, conditionName, reference, Boolean.TRUE.equals(onHold),
                unknownTitle, prices, amount, managed, fulfilment.method(), fulfilment.deliveryCode())));
    }

    @PutMapping("/{offerId}")
    ResponseEntity<BolWire.ProcessStatus> update(@PathVariable String offerId, @RequestBody JsonNode body) {
        JsonNode json = BolRequestReader.body(body);
        var reader = new BolRequestReader();
        String reference = reader.text(json.path("reference"), "reference", false, 0, 100);
        Boolean onHold = reader.bool(json.path("onHoldByRetailer"), "onHoldByRetailer", false);
        String unknownTitle = reader.text(json.path("unknownProductTitle"), "unknownProductTitle", false, 0, 500);
        Fulfilment fulfilment = fulfilment(reader, json);
        reader.check();
        return BolResponses.accepted(state.updateOffer(offerId, new BolState.OfferChange(reference, Boolean.TRUE.equals(onHold),
                unknownTitle, fulfilment.method(), fulfilment.deliveryCode())));
    }

    @DeleteMapping("/{offerId}")
    ResponseEntity<BolWire.ProcessStatus> delete(@PathVariable String offerId) {
        return BolResponses.accepted(state.deleteOffer(offerId));
    }

    @PutMapping("/{offerId}/stock")
    ResponseEntity<BolWire.ProcessStatus> stock(@PathVariable String offerId, @RequestBody JsonNode body) {
        JsonNode json = BolRequestReader.body(body);
        var reader = new BolRequestReader();
        Integer amount = reader.integer(json.path("amount"), "amount", true, 0, 999);
        Boolean managed = reader.bool(json.path("managedByRetailer"), "managedByRetailer", true);
        reader.check();
        return BolResponses.accepted(state.updateStock(offerId, amount, managed));
    }

    @PutMapping("/{offerId}/price")
    ResponseEntity<BolWire.ProcessStatus> price(@PathVariable String offerId, @RequestBody JsonNode body) {
        JsonNode json = BolRequestReader.body(body);
        var reader = new BolRequestReader();
        List<BundlePrice> prices = reader.pricing(json.path("pricing"), "pricing");
        reader.check();
        return BolResponses.accepted(state.updatePrice(offerId, prices));
    }

    private record Fulfilment(String method, String deliveryCode) {
    }

    private static Fulfilment fulfilment(BolRequestReader reader, JsonNode json) {
        JsonNode fulfilment = reader.object(json.path("fulfilment"), "fulfilment", true);
        if (fulfilment == null) {
            return new Fulfilment(null, null);
        }
        return new Fulfilment(reader.choice(fulfilment.path("method"), "fulfilment.method", true, FULFILMENT_METHODS),
                reader.choice(fulfilment.path("deliveryCode"), "fulfilment.deliveryCode", false, DELIVERY_CODES));
    }
}
