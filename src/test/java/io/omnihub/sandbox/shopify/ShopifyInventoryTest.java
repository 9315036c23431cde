package io.omnihub.sandbox.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.SandboxProperties;
import io.omnihub.sandbox.shopify.ShopifyInventory.InventoryLevel;

/**
 * Each quantity of a level keeps its own updatedAt, as Shopify's InventoryQuantity does: the hub
 * compares available's time with when it computed its figure, so a shipment (committed and on_hand
 * down, available unchanged) must not look like a movement of available.
 */
class ShopifyInventoryTest {

    private static final ReferenceRetailer RETAILER = SandboxProperties.defaults().retailer();

    @Test
    void aShipmentMovesCommittedAndOnHandButNotTheTimeOfAvailable() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-24T07:00:00Z"));
        var catalog = new ShopifyCatalog(RETAILER, "test");
        var inventory = new ShopifyInventory(catalog, RETAILER, now::get, level -> { });
        var item = catalog.variantBySku("TR2-LW-GRN").orElseThrow().inventoryItem();
        var warehouse = catalog.warehouse();

        Instant ordered = now.get();
        inventory.commit(item, warehouse, 3);
        now.set(ordered.plus(Duration.ofSeconds(5)));
        inventory.ship(item, warehouse, 1);

        InventoryLevel level = inventory.level(item, warehouse).orElseThrow();
        assertThat(level.updatedAt("available")).as("available moved only with the order").isEqualTo(ordered);
        assertThat(level.updatedAt("committed")).isEqualTo(now.get());
        assertThat(level.updatedAt("on_hand")).isEqualTo(now.get());
        assertThat(level.updatedAt()).as("the level itself changed with the shipment").isEqualTo(now.get());
        assertThat(level.updatedAt("damaged")).as("never moved").isEqualTo(level.createdAt());
    }
}
