package io.omnihub.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.bol.BolSandbox;
import io.omnihub.sandbox.shopify.ShopifyCatalog;
import io.omnihub.sandbox.shopify.ShopifyInventory;
import io.omnihub.sandbox.shopify.ShopifySandbox;
import io.omnihub.sandbox.square.SquareSandbox;
import io.omnihub.support.DefaultRunHub;
import io.omnihub.support.HubClient;
import io.omnihub.support.SandboxAdmin;

/**
 * The README's demo on the default run (seeded reference retailer, sandboxes wired to the hub's
 * webhooks): a sale at the Utrecht till reaches the Shopify shop (Utrecht's level) and the bol.com
 * offer, and the hub's lineage tells the chain. The whole path is real: the Square sandbox's signed
 * webhook over HTTP, the inbox, Kafka, the stock core, outbound delivery over HTTP to the sandboxes.
 */
class DemoIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SKU = "TR2-LW-GRN";

    @Test
    void aTillSaleReachesTheWebShopAndTheMarketplace() throws Exception {
        try (DefaultRunHub run = DefaultRunHub.start("demo")) {
            ConfigurableApplicationContext hub = run.context();
            HubClient client = run.client();
            ReferenceRetailer retailer = hub.getBean(ReferenceRetailer.class);
            ShopifySandbox shopify = hub.getBean(ShopifySandbox.class);
            BolSandbox bol = hub.getBean(BolSandbox.class);
            SquareSandbox square = hub.getBean(SquareSandbox.class);
            ReferenceRetailer.Variant tent = retailer.variant(SKU).orElseThrow();
            int utrecht = tent.onHand().get("UTR-01");
            int bolBefore = tent.onHand().get("DC-NL") + utrecht + tent.onHand().get("AMS-01") - 1;

            // the seeded opening stock has reached the hub and, through it, bol.com (1 kept back)
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> bol.state().offer(tent.bolOfferId()).orElseThrow().stock().amount() == Math.min(999, bolBefore));

            new SandboxAdmin(square.baseUrl()).post("/_sandbox/sales", "{\"location\": \"UTR-01\", \"sku\": \"" + SKU + "\"}");

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                assertThat(shopifyAvailable(shopify, "UTR-01")).as("Shopify, Utrecht").isEqualTo(utrecht - 1);
                assertThat(bol.state().offer(tent.bolOfferId()).orElseThrow().stock().amount()).as("bol.com offer")
                        .isEqualTo(Math.min(999, bolBefore - 1));
            });

            JsonNode lineage = JSON.readTree(client.get("/api/stock/skus/" + SKU).body());
            assertThat(lineage.at("/positions").findValuesAsText("location_id")).contains("UTR-01");
            assertThat(lineage.get("changes").findValuesAsText("record_id")).contains(SKU + "@UTR-01");

            // what happened to the till's webhook: inbox row, its event and those derived from it, the
            // stock core's changes, and the calls that took the new figures to Shopify and bol.com
            String squareEvent = hub.getBean(org.springframework.jdbc.core.JdbcTemplate.class).queryForObject("""
                    SELECT event_id FROM webhook_inbox WHERE system = 'square' AND topic = 'inventory.count.updated'
                    ORDER BY id DESC LIMIT 1""", String.class);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode chain = JSON.readTree(client.get("/api/inbound/webhooks/square/outdoor-nl/" + squareEvent).body());
                assertThat(chain.at("/webhook/status").asText()).isEqualTo("PUBLISHED");
                assertThat(chain.get("events").findValuesAsText("entity")).contains("inventory-level", "availability");
                assertThat(chain.get("stock").findValuesAsText("outcome")).containsOnly("APPLIED");
                assertThat(chain.get("outboundCalls").findValuesAsText("target"))
                        .anyMatch(t -> t.startsWith("shopify/")).anyMatch(t -> t.startsWith("bol/"));
            });
        }
    }

    private static int shopifyAvailable(ShopifySandbox shopify, String location) {
        ShopifyCatalog catalog = shopify.state().catalog();
        return shopify.state().inventory()
                .level(catalog.variantBySku(SKU).orElseThrow().inventoryItem(), catalog.locationByAnyId(location).orElseThrow())
                .orElseThrow().quantity(ShopifyInventory.AVAILABLE);
    }
}
