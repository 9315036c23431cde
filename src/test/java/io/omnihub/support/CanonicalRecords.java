package io.omnihub.support;

import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/** Small valid canonical records (see src/main/resources/canonical/) for tests that post to the hub. */
public final class CanonicalRecords {

    private CanonicalRecords() {
    }

    /** Stock of one SKU at the Utrecht store. */
    public static String inventoryLevel(String id, int onHand) {
        return """
                {"id": "%s", "sku": "TR2-LW-GRN", "locationId": "UTR-01",
                 "onHand": %d, "reserved": 0, "safetyStock": 1, "updatedAt": "2026-11-23T10:00:00Z"}"""
                .formatted(id, onHand);
    }

    /** A store, with a name that is not ASCII. */
    public static String location(String id, String name) {
        return """
                {"id": "%s", "code": "UTR-01", "name": "%s", "type": "store", "status": "active",
                 "servesChannels": ["store", "webshop-shopify"], "updatedAt": "2026-11-23T10:00:00Z"}"""
                .formatted(id, name);
    }

    /** An on-hand count of a SKU at a location, as a till or the ERP reports it. */
    public static String count(String sku, String location, int onHand, String countedAt) {
        return """
                {"id": "%s@%s", "sku": "%s", "locationId": "%s", "onHand": %d, "updatedAt": "%s"}"""
                .formatted(sku, location, sku, location, onHand, countedAt);
    }

    /** A one-line order for home delivery on a channel, in a status ('confirmed', 'cancelled' …). */
    public static String order(String id, String channel, String status, String sku, int quantity) {
        return order(id, channel, status, Map.of(sku, quantity));
    }

    /** An order for home delivery on a channel, in a status, with a line per SKU and quantity, 10.00 a unit. */
    public static String order(String id, String channel, String status, Map<String, Integer> quantities) {
        StringJoiner lines = new StringJoiner(",\n");
        int n = 0;
        int units = 0;
        for (Map.Entry<String, Integer> line : new TreeMap<>(quantities).entrySet()) {
            lines.add("""
                    {"id": "%s-%d", "sku": "%s", "quantity": %d,
                     "unitPrice": {"amount": "10.00", "currency": "EUR"}, "lineTotal": {"amount": "%d.00", "currency": "EUR"}}"""
                    .formatted(id, ++n, line.getKey(), line.getValue(), 10 * line.getValue()));
            units += line.getValue();
        }
        return """
                {"id": "%s", "orderNumber": "%s", "channel": "%s", "status": "%s",
                 "placedAt": "2026-11-23T10:00:00Z", "currency": "EUR", "taxIncluded": true, "deliveryMethod": "shipping",
                 "shippingAddress": {"name": "Test Klant", "line1": "Oudegracht 1", "postalCode": "3511 AA", "city": "Utrecht", "countryCode": "NL"},
                 "lines": [%s],
                 "totals": {"subtotal": {"amount": "%d.00", "currency": "EUR"}, "discountTotal": {"amount": "0.00", "currency": "EUR"},
                            "shippingTotal": {"amount": "0.00", "currency": "EUR"}, "taxTotal": {"amount": "0.00", "currency": "EUR"},
                            "grandTotal": {"amount": "%d.00", "currency": "EUR"}},
                 "updatedAt": "2026-11-23T10:00:00Z"}"""
                .formatted(id, id, channel, status, lines, 10 * units, 10 * units);
    }
}
