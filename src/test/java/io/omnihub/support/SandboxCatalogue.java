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

    /**
     * bol.com offers, all but those of {@link #unlinkedOffers}: tests that need an offer the hub does
     * not know yet use those, and link them themselves.
     */
    public static void linkOffers(IdRegistry registry, ReferenceRetailer retailer) {
        java.util.List<ReferenceRetailer.Variant> variants = retailer.variants();
        for (ReferenceRetailer.Variant variant : variants.subList(0, variants.size() - 2)) {
            registry.link("bol", "offer", variant.bolOfferId(), variant.sku());
        }
    }

    /** The two variants whose bol.com offers {@link #linkOffers} leaves out: the last in the catalogue. */
    public static java.util.List<ReferenceRetailer.Variant> unlinkedOffers(ReferenceRetailer retailer) {
        java.util.List<ReferenceRetailer.Variant> variants = retailer.variants();
        return variants.subList(variants.size() - 2, variants.size());
    }
}
