package io.omnihub.support;

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
}
