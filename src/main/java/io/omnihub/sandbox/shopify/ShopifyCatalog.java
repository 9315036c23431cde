package io.omnihub.sandbox.shopify;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.omnihub.sandbox.ReferenceRetailer;

/**
 * The shop's catalogue and locations as Shopify models them (Product → ProductVariant →
 * InventoryItem, and Locations), built from the reference retailer with the Shopify ids it gives
 * every item. Immutable: only inventory and orders change, in {@link ShopifyState}. Records are read
 * by the GraphQL layer field by field, so their component names are the schema's field names.
 */
public final class ShopifyCatalog {

    /** Shopify's title of the one variant of a product without options. */
    static final String DEFAULT_VARIANT_TITLE = "Default Title";

    /** When the seeded catalogue "was created": fixed, so every run returns the same data. */
    static final Instant SEEDED_AT = Instant.parse("2026-01-05T08:00:00Z");

    public record Product(String id, long legacyResourceId, String title, String handle, String status,
            String productType, String vendor, boolean tracksInventory, Instant createdAt, Instant updatedAt,
            List<ProductVariant> variants) {
    }

    public record ProductVariant(String id, long legacyResourceId, String productId, String title, String displayName,
            String sku, String barcode, BigDecimal price, int vatRate, boolean taxable, InventoryItem inventoryItem,
            Instant createdAt, Instant updatedAt) {
    }

    public record InventoryItem(String id, long legacyResourceId, String variantId, String sku, boolean tracked,
            boolean requiresShipping, Instant createdAt, Instant updatedAt) {
    }

    public record Location(String id, long legacyResourceId, String name, String canonicalId, boolean store,
            boolean isActive, boolean fulfillsOnlineOrders, Address address) {

        /** The shipping-rate code of click & collect at this store, as mappings/shopify/lookups/pickup-locations.csv knows it. */
        public String pickupCode() {
            return "pickup-" + address.city().toLowerCase(Locale.ROOT);
        }
    }

    public record Address(String city, String countryCode) {
    }

    private final String vendor;
    private final List<Product> products;
    private final List<ProductVariant> variants;
    private final List<Location> locations;
    private final Map<String, Product> productsById;
    private final Map<String, ProductVariant> variantsById;
    private final Map<String, ProductVariant> variantsBySku;
    private final Map<String, InventoryItem> itemsById;
    private final Map<String, Location> locationsById;

    ShopifyCatalog(ReferenceRetailer retailer, String vendor) {
        this.vendor = vendor;
        this.locations = retailer.locations().stream().map(ShopifyCatalog::location).toList();
        this.products = retailer.products().stream().map(this::product).toList();
        this.variants = products.stream().flatMap(p -> p.variants().stream()).toList();
        this.productsById = index(products, Product::id);
        this.variantsById = index(variants, ProductVariant::id);
        this.variantsBySku = index(variants, ProductVariant::sku);
        this.itemsById = index(variants.stream().map(ProductVariant::inventoryItem).toList(), InventoryItem::id);
        this.locationsById = index(locations, Location::id);
    }

    /** A Shopify global id, e.g. gid://shopify/InventoryItem/44120341102646. */
    static String gid(String type, long id) {
        return "gid://shopify/" + type + "/" + id;
    }

    /** The inventory level id Shopify uses in GraphQL and in webhooks' admin_graphql_api_id. */
    static String inventoryLevelId(InventoryItem item, Location location) {
        return gid("InventoryLevel", location.legacyResourceId()) + "?inventory_item_id=" + item.legacyResourceId();
    }

    private static Location location(ReferenceRetailer.Location l) {
        boolean store = l.kind() == ReferenceRetailer.LocationKind.STORE;
        return new Location(gid("Location", l.shopifyId()), l.shopifyId(), l.name(), l.id(), store, true, true,
                new Address(l.city(), "NL"));
    }

    private Product product(ReferenceRetailer.Product p) {
        String productId = gid("Product", p.shopifyProductId());
        List<ProductVariant> productVariants = new ArrayList<>();
        for (ReferenceRetailer.Variant v : p.variants()) {
            String variantId = gid("ProductVariant", v.shopifyVariantId());
            var item = new InventoryItem(gid("InventoryItem", v.shopifyInventoryItemId()), v.shopifyInventoryItemId(),
                    variantId, v.sku(), true, true, SEEDED_AT, SEEDED_AT);
            String title = "Default".equals(v.option()) ? DEFAULT_VARIANT_TITLE : v.option();
            productVariants.add(new ProductVariant(variantId, v.shopifyVariantId(), productId, title, v.title(),
                    v.sku(), v.ean(), v.price(), v.vatRate(), true, item, SEEDED_AT, SEEDED_AT));
        }
        return new Product(productId, p.shopifyProductId(), p.title(), p.code().toLowerCase(Locale.ROOT), "ACTIVE",
                p.category(), vendor, true, SEEDED_AT, SEEDED_AT, List.copyOf(productVariants));
    }

    private static <T> Map<String, T> index(List<T> values, Function<T, String> key) {
        return values.stream().collect(Collectors.toMap(key, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }

    public List<Product> products() {
        return products;
    }

    public List<ProductVariant> variants() {
        return variants;
    }

    public List<InventoryItem> inventoryItems() {
        return List.copyOf(itemsById.values());
    }

    public List<Location> locations() {
        return locations;
    }

    public Optional<Product> product(String id) {
        return Optional.ofNullable(productsById.get(id));
    }

    public Optional<ProductVariant> variant(String id) {
        return Optional.ofNullable(variantsById.get(id));
    }

    public Optional<ProductVariant> variantBySku(String sku) {
        return Optional.ofNullable(variantsBySku.get(sku));
    }

    public Optional<InventoryItem> inventoryItem(String id) {
        return Optional.ofNullable(itemsById.get(id));
    }

    public Optional<Location> location(String id) {
        return Optional.ofNullable(locationsById.get(id));
    }

    /** A location named the way an admin caller may name it: its gid, its numeric Shopify id or its canonical id (DC-NL). */
    public Optional<Location> locationByAnyId(String reference) {
        return locations.stream()
                .filter(l -> l.id().equals(reference) || String.valueOf(l.legacyResourceId()).equals(reference)
                        || l.canonicalId().equals(reference))
                .findFirst();
    }

    /** Where web-shop orders are fulfilled from unless picked up in a store. */
    public Location warehouse() {
        return locations.stream().filter(l -> !l.store()).findFirst().orElseThrow();
    }

    public String vendor() {
        return vendor;
    }
}
