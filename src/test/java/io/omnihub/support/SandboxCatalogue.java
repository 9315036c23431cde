package io.omnihub.support;

import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.xref.IdRegistry;

/**
 * The reference data a catalogue sync would give the ID registry (not built yet): every SKU's
 * Shopify inventory item, bol.com offer and Square item variation, and the Shopify locations, as
 * the sandboxes know them.
 */
public final class SandboxCatalogue {

    private SandboxCatalogue() {
    }

    public static void link(IdRegistry registry, ReferenceRetailer retailer) {
        for (ReferenceRetailer.Location location : retailer.locations()) {
            registry.link("shopify", "location", String.valueOf(location.shopifyId()), location.id());
        }
        for (ReferenceRetailer.Variant variant : retailer.variants()) {
            registry.link("shopify", "inventory-item", String.valueOf(variant.shopifyInventoryItemId()), variant.sku());
            registry.link("square", "sku", variant.squareVariationId(), variant.sku());
        }
    }

    /** bol.com offers, all but the SKUs given (whose offers a test links itself, later). */
    public static void linkOffers(IdRegistry registry, ReferenceRetailer retailer, java.util.Set<String> except) {
        for (ReferenceRetailer.Variant variant : retailer.variants()) {
            if (!except.contains(variant.sku())) {
                registry.link("bol", "offer", variant.bolOfferId(), variant.sku());
            }
        }
    }
}
