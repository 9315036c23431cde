package io.omnihub.sandbox.square;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.ReferenceRetailer.Location;
import io.omnihub.sandbox.ReferenceRetailer.Variant;

/**
 * The seller's catalogue and locations as Square knows them, from the reference retailer: one
 * ITEM_VARIATION per variant (its {@code squareVariationId}) and one location per store (the
 * warehouse is not on Square). Items and stores are numbered in catalogue order, which is the order
 * the batch-retrieve calls page in.
 */
final class SquareCatalog {

    private final List<Variant> variations;
    private final List<Location> stores;
    private final Map<String, String> productTitles = new HashMap<>();
    private final Map<String, Integer> itemById = new HashMap<>();
    private final Map<String, Integer> itemBySku = new HashMap<>();
    private final Map<String, Integer> storeById = new HashMap<>();

    SquareCatalog(ReferenceRetailer retailer) {
        this.variations = retailer.variants();
        this.stores = retailer.stores();
        retailer.products().forEach(product -> productTitles.put(product.code(), product.title()));
        for (int i = 0; i < variations.size(); i++) {
            itemById.put(variations.get(i).squareVariationId(), i);
            itemBySku.put(variations.get(i).sku(), i);
        }
        for (int i = 0; i < stores.size(); i++) {
            storeById.put(stores.get(i).squareId(), i);
            storeById.put(stores.get(i).id(), i);
        }
    }

    List<Variant> variations() {
        return variations;
    }

    List<Location> stores() {
        return stores;
    }

    Variant variation(int item) {
        return variations.get(item);
    }

    /** The name of the ITEM a variation belongs to (a till line shows it beside the variation name). */
    String itemName(int item) {
        return productTitles.get(variations.get(item).productCode());
    }

    Location store(int store) {
        return stores.get(store);
    }

    /** The item with this Square catalog object id. */
    Optional<Integer> item(String catalogObjectId) {
        return Optional.ofNullable(itemById.get(catalogObjectId));
    }

    /** The item with this SKU or Square catalog object id (admin API convenience). */
    Optional<Integer> itemBySkuOrId(String skuOrId) {
        return Optional.ofNullable(itemBySku.get(skuOrId)).or(() -> item(skuOrId));
    }

    /** The store with this Square location id, or with this canonical id when {@code canonicalToo}. */
    Optional<Integer> store(String id, boolean canonicalToo) {
        Integer store = storeById.get(id);
        return store != null && (canonicalToo || stores.get(store).squareId().equals(id)) ? Optional.of(store) : Optional.empty();
    }
}
