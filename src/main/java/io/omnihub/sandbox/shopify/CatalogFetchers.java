package io.omnihub.sandbox.shopify;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;

import io.omnihub.sandbox.shopify.ShopifyCatalog.InventoryItem;
import io.omnihub.sandbox.shopify.ShopifyCatalog.Location;
import io.omnihub.sandbox.shopify.ShopifyCatalog.Product;
import io.omnihub.sandbox.shopify.ShopifyCatalog.ProductVariant;
import io.omnihub.sandbox.shopify.ShopifyInventory.InventoryLevel;

/**
 * Resolves the catalogue, locations and inventory levels: the root lists and lookups, and the
 * fields that link one object to another or to the current stock. Fields that are plain record
 * components (title, sku …) need no fetcher.
 */
final class CatalogFetchers {

    /** One entry of InventoryLevel.quantities(names:). */
    public record InventoryQuantity(String name, int quantity, Instant updatedAt) {
    }

    private final ShopifyCatalog catalog;
    private final ShopifyInventory inventory;
    private final Connections connections;

    CatalogFetchers(ShopifyState state, Connections connections) {
        this.catalog = state.catalog();
        this.inventory = state.inventory();
        this.connections = connections;
    }

    void wire(RuntimeWiring.Builder wiring) {
        wiring.type("QueryRoot", type -> type
                .dataFetcher("products", env -> connections.page(env,
                        filter(env, catalog.products(), p -> p.variants().stream().map(ProductVariant::sku).toList()),
                        Product::legacyResourceId))
                .dataFetcher("product", env -> catalog.product(env.getArgument("id")).orElse(null))
                .dataFetcher("productVariants", env -> connections.page(env,
                        filter(env, catalog.variants(), v -> List.of(v.sku())), ProductVariant::legacyResourceId))
                .dataFetcher("productVariant", env -> catalog.variant(env.getArgument("id")).orElse(null))
                .dataFetcher("inventoryItems", env -> connections.page(env,
                        filter(env, catalog.inventoryItems(), i -> List.of(i.sku())), InventoryItem::legacyResourceId))
                .dataFetcher("inventoryItem", env -> catalog.inventoryItem(env.getArgument("id")).orElse(null))
                .dataFetcher("inventoryLevel", env -> inventory.level(env.<String>getArgument("id")).orElse(null))
                .dataFetcher("locations", env -> connections.page(env, catalog.locations(), Location::legacyResourceId))
                .dataFetcher("location", env -> catalog.location(env.getArgument("id")).orElse(null)));
        wiring.type("Product", type -> type
                .dataFetcher("totalInventory", env -> env.<Product>getSource().variants().stream()
                        .mapToInt(v -> inventory.available(v.inventoryItem())).sum())
                .dataFetcher("variants", env -> connections.page(env, env.<Product>getSource().variants(),
                        ProductVariant::legacyResourceId)));
        wiring.type("ProductVariant", type -> type
                .dataFetcher("product", env -> catalog.product(env.<ProductVariant>getSource().productId()).orElseThrow())
                .dataFetcher("inventoryQuantity", env -> inventory.available(env.<ProductVariant>getSource().inventoryItem())));
        wiring.type("InventoryItem", type -> type
                .dataFetcher("variant", env -> catalog.variant(env.<InventoryItem>getSource().variantId()).orElseThrow())
                .dataFetcher("inventoryLevel", env -> catalog.location(env.getArgument("locationId"))
                        .flatMap(location -> inventory.level(env.getSource(), location)).orElse(null))
                .dataFetcher("inventoryLevels", env -> connections.page(env, inventory.levels(env.getSource(), null),
                        level -> level.location().legacyResourceId())));
        wiring.type("Location", type -> type
                .dataFetcher("inventoryLevel", env -> catalog.inventoryItem(env.getArgument("inventoryItemId"))
                        .flatMap(item -> inventory.level(item, env.getSource())).orElse(null))
                .dataFetcher("inventoryLevels", env -> connections.page(env, inventory.levels(null, env.getSource()),
                        level -> level.item().legacyResourceId())));
        wiring.type("InventoryLevel", type -> type.dataFetcher("quantities", this::quantities));
    }

    private List<InventoryQuantity> quantities(DataFetchingEnvironment env) {
        InventoryLevel level = env.getSource();
        List<String> names = env.getArgument("names");
        return names.stream().map(name -> {
            if (!ShopifyInventory.NAMES.contains(name)) {
                throw new ApiError("The quantity name '" + name + "' is invalid. Valid values are: "
                        + String.join(", ", ShopifyInventory.NAMES) + ".", "BAD_REQUEST");
            }
            return new InventoryQuantity(name, level.quantity(name), level.updatedAt(name));
        }).toList();
    }

    /** The rows a {@code query: "sku:…"} argument keeps; other search fields are ignored. */
    private static <T> List<T> filter(DataFetchingEnvironment env, List<T> rows, Function<T, List<String>> skus) {
        Map<String, Function<SearchQuery.Term, Optional<Predicate<T>>>> fields =
                Map.of("sku", term -> Optional.of(row -> skus.apply(row).contains(term.value())));
        return rows.stream().filter(SearchQuery.parse(env.getArgument("query")).filter(fields)).toList();
    }
}
