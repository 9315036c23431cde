package io.omnihub.sandbox.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.omnihub.sandbox.SandboxProperties;

/**
 * The cost bucket on a stopped clock, so every number is exact: a bucket of 100 points restoring 10
 * a second, and a query that requests 42 points.
 */
class ShopifyThrottlingTest {

    private static final String TOKEN = "shpat_throttle_test";
    private static final String FORTY_PRODUCTS = "query Page($after: String) { products(first: 40, after: $after) {"
            + " nodes { id } pageInfo { endCursor } } }";

    private static final TestClock CLOCK = new TestClock(Instant.parse("2026-04-01T08:00:00Z"));
    private static ShopifySandbox sandbox;
    private static ShopifyClient shopify;

    @BeforeAll
    static void start() {
        SandboxProperties common = SandboxProperties.defaults();
        sandbox = ShopifySandbox.start(SandboxProperties.bind("omnihub.sandbox.shopify", ShopifySandboxProperties.class,
                Map.of("port", "0", "access-token", TOKEN, "webhook-url", "", "bucket-size", "100", "restore-rate", "10")),
                common, common.retailer(), CLOCK);
        shopify = new ShopifyClient(sandbox, TOKEN);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void throttlesWhenTheBucketLacksTheCostAndRecoversAtTheRestoreRate() throws Exception {
        CLOCK.advance(Duration.ofSeconds(60)); // a full bucket
        assertThat(available(shopify.graphql(FORTY_PRODUCTS))).isEqualTo(58);
        assertThat(available(shopify.graphql(FORTY_PRODUCTS))).isEqualTo(16);

        JsonNode throttled = shopify.graphql(FORTY_PRODUCTS);
        assertThat(throttled).isEqualTo(ShopifyClient.JSON.readTree("""
                {"errors": [{"message": "Throttled",
                             "extensions": {"code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits"}}],
                 "extensions": {"cost": {"requestedQueryCost": 42, "actualQueryCost": null,
                     "throttleStatus": {"maximumAvailable": 100.0, "currentlyAvailable": 16, "restoreRate": 10.0}}}}"""));

        CLOCK.advance(Duration.ofSeconds(2));
        assertThat(shopify.graphql(FORTY_PRODUCTS).at("/errors/0/extensions/code").asText())
                .as("36 points after two seconds: still short of 42").isEqualTo("THROTTLED");

        CLOCK.advance(Duration.ofSeconds(1));
        JsonNode recovered = shopify.graphql(FORTY_PRODUCTS);
        assertThat(recovered.at("/data/products/nodes")).hasSize(40);
        assertThat(available(recovered)).isEqualTo(46 - 42);

        CLOCK.advance(Duration.ofSeconds(60));
        assertThat(available(shopify.graphql("{ locations(first: 1) { nodes { id } } }")))
                .as("the bucket never holds more than its size").isEqualTo(100 - 3);
    }

    @Test
    void theUnusedPartOfTheRequestedCostIsRefunded() {
        CLOCK.advance(Duration.ofSeconds(60));
        String nearTheEnd = shopify.graphql("{ products(last: 11) { nodes { id } pageInfo { startCursor } } }")
                .at("/data/products/pageInfo/startCursor").asText();
        CLOCK.advance(Duration.ofSeconds(60));

        JsonNode lastPage = shopify.graphql(FORTY_PRODUCTS, Map.of("after", nearTheEnd));

        assertThat(lastPage.at("/data/products/nodes")).hasSize(10);
        assertThat(lastPage.at("/extensions/cost/requestedQueryCost").asInt()).isEqualTo(42);
        assertThat(lastPage.at("/extensions/cost/actualQueryCost").asInt()).isEqualTo(12);
        assertThat(available(lastPage)).isEqualTo(100 - 12);
    }

    private static int available(JsonNode answer) {
        return answer.at("/extensions/cost/throttleStatus/currentlyAvailable").asInt();
    }
}
