package io.omnihub.sandbox.shopify;

import static io.omnihub.sandbox.shopify.ShopifyClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.omnihub.sandbox.Faults;
import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.SandboxProperties;

/** The Shopify sandbox alone, driven over HTTP like an app: auth, transport errors, queries, cost, mutations. */
class ShopifySandboxTest {

    private static final String TOKEN = "shpat_test_token";
    private static final String GRN = "gid://shopify/InventoryItem/44120341102646";
    private static final String UTRECHT = "gid://shopify/Location/71234560001";
    private static final String AMSTERDAM = "gid://shopify/Location/71234560002";
    private static final String SET = """
            mutation Set($input: InventorySetQuantitiesInput!, $key: String!) {
              inventorySetQuantities(input: $input) @idempotent(key: $key) {
                inventoryAdjustmentGroup { id reason referenceDocumentUri
                  changes { name delta quantityAfterChange item { id } location { id } } }
                userErrors { field message code }
              }
            }""";
    private static final String ADJUST = """
            mutation Adjust($input: InventoryAdjustQuantitiesInput!, $key: String!) {
              inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
                inventoryAdjustmentGroup { id createdAt reason referenceDocumentUri
                  changes { name delta quantityAfterChange item { id } location { id } } }
                userErrors { field message code }
              }
            }""";

    private static final TestClock CLOCK = new TestClock(Instant.parse("2026-04-01T08:00:00Z"));
    private static ReferenceRetailer retailer;
    private static ShopifySandbox sandbox;
    private static ShopifyClient shopify;

    @BeforeAll
    static void start() {
        SandboxProperties common = SandboxProperties.defaults();
        retailer = common.retailer();
        sandbox = ShopifySandbox.start(SandboxProperties.bind("omnihub.sandbox.shopify", ShopifySandboxProperties.class,
                Map.of("port", "0", "access-token", TOKEN, "webhook-url", "")), common, retailer, CLOCK);
        shopify = new ShopifyClient(sandbox, TOKEN);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        assertThat(shopify.adminPost("reset", Map.of()).status()).isEqualTo(204);
        shopify.adminPut("faults", Faults.Settings.NONE);
    }

    @Test
    void aMissingOrWrongTokenIs401WithShopifysBody() throws Exception {
        String query = "{\"query\":\"{ locations(first: 1) { nodes { id } } }\"}";
        for (Map<String, String> headers : List.of(Map.of("Content-Type", "application/json"),
                Map.of("Content-Type", "application/json", "X-Shopify-Access-Token", "shpat_wrong"))) {
            ShopifyClient.Response response = shopify.post(sandbox.graphQlUrl(), headers, query);
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.body()).isEqualTo(JSON.readTree(
                    "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}"));
        }
    }

    @Test
    void anotherApiVersionIs404() throws Exception {
        ShopifyClient.Response response = shopify.post(sandbox.baseUrl() + "/admin/api/2025-01/graphql.json",
                Map.of("Content-Type", "application/json", "X-Shopify-Access-Token", TOKEN), "{\"query\":\"{ locations(first: 1) { nodes { id } } }\"}");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(JSON.readTree("{\"errors\":\"Not Found\"}"));
    }

    @Test
    void aBodyWithoutAReadableQueryIs400() throws Exception {
        JsonNode expected = JSON.readTree("{\"errors\":{\"query\":\"Required parameter missing or invalid\"}}");
        Map<String, String> bodiesByContentType = new LinkedHashMap<>();
        bodiesByContentType.put("text/plain", "{\"query\":\"{ shop { name } }\"}");
        bodiesByContentType.put("application/json", "{\"query\": \"{ locations(first: 1) { nodes { id } } }\"");
        bodiesByContentType.put("application/json; charset=utf-8", "{\"variables\": {}}");
        bodiesByContentType.put("application/xml", "<query/>");
        bodiesByContentType.forEach((contentType, body) -> {
            ShopifyClient.Response response = shopify.post(sandbox.graphQlUrl(),
                    Map.of("Content-Type", contentType, "X-Shopify-Access-Token", TOKEN), body);
            assertThat(response.status()).as(contentType + " " + body).isEqualTo(400);
            assertThat(response.body()).isEqualTo(expected);
        });

        ShopifyClient.Response graphql = shopify.post(sandbox.graphQlUrl(),
                Map.of("Content-Type", "application/graphql", "X-Shopify-Access-Token", TOKEN), "{ locations(first: 4) { nodes { name } } }");
        assertThat(graphql.status()).isEqualTo(200);
        assertThat(graphql.body().at("/data/locations/nodes")).hasSize(4);
        assertThat(graphql.headers().firstValue("X-Shopify-API-Version")).hasValue("2026-04");
    }

    @Test
    void pagesThroughEveryProductAt250AndAtSmallerPages() {
        List<String> expected = retailer.products().stream().map(p -> "gid://shopify/Product/" + p.shopifyProductId()).toList();
        assertThat(expected).hasSizeGreaterThanOrEqualTo(200);

        assertThat(allProductIds(250)).containsExactlyElementsOf(expected);
        assertThat(allProductIds(37)).containsExactlyElementsOf(expected);

        JsonNode lastFive = shopify.graphql("{ products(last: 5) { nodes { id } pageInfo { hasNextPage hasPreviousPage } } }");
        assertThat(lastFive.at("/data/products/nodes").findValuesAsText("id")).isEqualTo(expected.subList(expected.size() - 5, expected.size()));
        assertThat(lastFive.at("/data/products/pageInfo/hasPreviousPage").asBoolean()).isTrue();
        assertThat(lastFive.at("/data/products/pageInfo/hasNextPage").asBoolean()).isFalse();
    }

    private List<String> allProductIds(int pageSize) {
        String query = "query Page($first: Int!, $after: String) { products(first: $first, after: $after) {"
                + " edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }";
        List<String> ids = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            reset(); // a full bucket for every page: this test is about paging, not cost
            Map<String, Object> variables = new HashMap<>();
            variables.put("first", pageSize);
            variables.put("after", after);
            JsonNode page = shopify.graphql(query, variables);
            JsonNode products = page.at("/data/products");
            int returned = products.get("edges").size();
            products.get("edges").forEach(edge -> ids.add(edge.at("/node/id").asText()));
            assertThat(page.at("/extensions/cost/requestedQueryCost").asInt()).isEqualTo(2 + pageSize);
            assertThat(page.at("/extensions/cost/actualQueryCost").asInt()).isEqualTo(2 + returned);
            assertThat(page.at("/extensions/cost/throttleStatus/currentlyAvailable").asInt()).isEqualTo(1000 - 2 - returned);
            after = products.at("/pageInfo/hasNextPage").asBoolean() ? products.at("/pageInfo/endCursor").asText() : null;
            pages++;
        } while (after != null);
        assertThat(pages).isEqualTo((retailer.products().size() + pageSize - 1) / pageSize);
        return ids;
    }

    @Test
    void aConnectionNeedsFirstOrLastOfAtMost250() {
        JsonNode tooMany = shopify.graphql("{ products(first: 251) { nodes { id } } }");
        assertThat(tooMany.has("data") && !tooMany.get("data").isNull()).isFalse();
        assertThat(tooMany.at("/errors/0/message").asText())
                .isEqualTo("Argument 'first' on Field 'products' has an invalid value (251). Expected a page size from 0 to 250.");
        assertThat(tooMany.at("/errors/0/path/0").asText()).isEqualTo("products");

        JsonNode none = shopify.graphql("{ products { nodes { id } } }");
        assertThat(none.at("/errors/0/message").asText()).isEqualTo("you must provide one of first or last");
        assertThat(none.at("/errors/0/locations/0/line").asInt()).isEqualTo(1);
        assertThat(none.at("/extensions/cost/requestedQueryCost").asInt()).isEqualTo(2);
    }

    @Test
    void anInvalidQueryIsAnsweredWithValidationErrorsAndCostsNothing() {
        JsonNode answer = shopify.graphql("query Stock {\n  products(first: 1) {\n    nodes { idd }\n  }\n}");
        assertThat(answer.has("data")).isFalse();
        JsonNode error = answer.at("/errors/0");
        assertThat(error.get("message").asText()).isEqualTo("Field 'idd' in type 'Product' is undefined");
        assertThat(error.at("/locations/0/line").asInt()).isEqualTo(3);
        assertThat(error.at("/locations/0/column").asInt()).isEqualTo(13);
        assertThat(JSON.convertValue(error.get("path"), List.class)).containsExactly("query Stock", "products", "nodes", "idd");
        assertThat(error.at("/extensions/code").asText()).isEqualTo("FieldUndefined");
        assertThat(answer.at("/extensions/cost/actualQueryCost").isNull()).isTrue();
        assertThat(answer.at("/extensions/cost/throttleStatus/currentlyAvailable").asInt()).isEqualTo(1000);

        JsonNode syntax = shopify.graphql("{ products(first: 1) { nodes { id }");
        assertThat(syntax.at("/errors/0/locations/0/line").asInt()).isEqualTo(1);
        assertThat(syntax.has("data")).isFalse();
    }

    @Test
    void aQueryOverTheMaximumCostIsRefusedBeforeItRuns() {
        JsonNode answer = shopify.graphql("{ products(first: 250) { nodes { id variants(first: 250) { nodes { id sku } } } } }");

        int cost = 2 + 250 * (1 + 2 + 250);
        assertThat(answer.has("data")).isFalse();
        assertThat(answer.at("/errors/0/message").asText())
                .startsWith("Query cost is " + cost + ", which exceeds the single query max cost limit (1000).");
        assertThat(answer.at("/errors/0/extensions/code").asText()).isEqualTo("MAX_COST_EXCEEDED");
        assertThat(answer.at("/errors/0/extensions/cost").asInt()).isEqualTo(cost);
        assertThat(answer.at("/errors/0/extensions/maxCost").asInt()).isEqualTo(1000);
        assertThat(answer.at("/extensions/cost/requestedQueryCost").asInt()).isEqualTo(cost);
        assertThat(answer.at("/extensions/cost/throttleStatus/currentlyAvailable").asInt()).isEqualTo(1000);
    }

    @Test
    void anInventoryItemHasALevelPerLocationWithEveryNamedQuantity() {
        JsonNode answer = shopify.graphql("""
                query Item($id: ID!) {
                  inventoryItem(id: $id) {
                    sku tracked
                    variant { id sku price product { title } }
                    inventoryLevels(first: 10) { nodes { id location { id name }
                      quantities(names: ["available", "committed", "reserved", "damaged", "safety_stock",
                                         "quality_control", "incoming", "on_hand"]) { name quantity } } }
                  }
                }""", Map.of("id", GRN));

        ReferenceRetailer.Variant grn = retailer.variant("TR2-LW-GRN").orElseThrow();
        JsonNode item = answer.at("/data/inventoryItem");
        assertThat(item.get("sku").asText()).isEqualTo("TR2-LW-GRN");
        assertThat(item.get("tracked").asBoolean()).isTrue();
        assertThat(item.at("/variant/id").asText()).isEqualTo("gid://shopify/ProductVariant/" + grn.shopifyVariantId());
        assertThat(item.at("/variant/price").asText()).isEqualTo("119.95");
        assertThat(item.at("/variant/product/title").asText()).isEqualTo("Trailrunner 2 Lightweight");
        JsonNode levels = item.at("/inventoryLevels/nodes");
        assertThat(levels).hasSize(4);
        for (JsonNode level : levels) {
            ReferenceRetailer.Location location = retailer.locations().stream()
                    .filter(l -> level.at("/location/id").asText().equals("gid://shopify/Location/" + l.shopifyId())).findFirst().orElseThrow();
            Map<String, Integer> quantities = new LinkedHashMap<>();
            level.get("quantities").forEach(q -> quantities.put(q.get("name").asText(), q.get("quantity").asInt()));
            int onHand = grn.onHand().get(location.id());
            assertThat(quantities).containsExactly(Map.entry("available", onHand), Map.entry("committed", 0),
                    Map.entry("reserved", 0), Map.entry("damaged", 0), Map.entry("safety_stock", 0),
                    Map.entry("quality_control", 0), Map.entry("incoming", 0), Map.entry("on_hand", onHand));
            assertThat(level.get("id").asText()).isEqualTo("gid://shopify/InventoryLevel/" + location.shopifyId()
                    + "?inventory_item_id=44120341102646");
        }
        assertThat(shopify.graphql("{ location(id: \"" + UTRECHT + "\") { name address { city } } }").at("/data/location/name").asText())
                .isEqualTo("Utrecht Oudegracht");
        assertThat(shopify.graphql("{ inventoryItem(id: \"gid://shopify/InventoryItem/1\") { id } }").at("/data/inventoryItem").isNull()).isTrue();
    }

    @Test
    void setQuantitiesAppliesOnlyWhenEveryChangeFromQuantityIsCurrent() {
        int utrecht = available("TR2-LW-GRN", "UTR-01");
        int amsterdam = available("TR2-LW-GRN", "AMS-01");

        JsonNode stale = set("stale", quantity(GRN, UTRECHT, 20, utrecht), quantity(GRN, AMSTERDAM, 30, amsterdam + 1));
        assertThat(stale.get("inventoryAdjustmentGroup").isNull()).isTrue();
        assertThat(stale.get("userErrors")).hasSize(1);
        assertThat(stale.at("/userErrors/0/code").asText()).isEqualTo("CHANGE_FROM_QUANTITY_STALE");
        assertThat(JSON.convertValue(stale.at("/userErrors/0/field"), List.class))
                .containsExactly("input", "quantities", "1", "changeFromQuantity");
        assertThat(available("TR2-LW-GRN", "UTR-01")).as("nothing of a stale batch applies").isEqualTo(utrecht);
        assertThat(available("TR2-LW-GRN", "AMS-01")).isEqualTo(amsterdam);

        JsonNode current = set("current", quantity(GRN, UTRECHT, 20, utrecht), quantity(GRN, AMSTERDAM, 30, amsterdam));
        assertThat(current.get("userErrors")).isEmpty();
        JsonNode group = current.get("inventoryAdjustmentGroup");
        assertThat(group.get("id").asText()).startsWith("gid://shopify/InventoryAdjustmentGroup/");
        assertThat(group.get("reason").asText()).isEqualTo("correction");
        assertThat(group.get("referenceDocumentUri").asText()).isEqualTo("omnihub://inventory-level/TR2-LW-GRN@UTR-01");
        assertThat(group.get("changes")).hasSize(4);
        assertThat(group.at("/changes/0/name").asText()).isEqualTo("available");
        assertThat(group.at("/changes/0/delta").asInt()).isEqualTo(20 - utrecht);
        assertThat(group.at("/changes/0/quantityAfterChange").asInt()).isEqualTo(20);
        assertThat(group.at("/changes/1/name").asText()).isEqualTo("on_hand");
        assertThat(group.at("/changes/2/location/id").asText()).isEqualTo(AMSTERDAM);
        assertThat(shopify.quantities("TR2-LW-GRN", "UTR-01").get("on_hand").asInt()).isEqualTo(20);
        assertThat(available("TR2-LW-GRN", "AMS-01")).isEqualTo(30);

        JsonNode unchecked = set("unchecked", quantity(GRN, UTRECHT, 5, null));
        assertThat(unchecked.get("userErrors")).isEmpty();
        assertThat(available("TR2-LW-GRN", "UTR-01")).as("an explicit null skips the check").isEqualTo(5);

        Map<String, Object> omitted = quantity(GRN, UTRECHT, 9, 5);
        omitted.remove("changeFromQuantity");
        JsonNode missing = set("omitted", omitted);
        assertThat(missing.get("inventoryAdjustmentGroup").isNull()).isTrue();
        assertThat(JSON.convertValue(missing.at("/userErrors/0/field"), List.class))
                .containsExactly("input", "quantities", "0", "changeFromQuantity");
        assertThat(missing.at("/userErrors/0/message").asText()).contains("changeFromQuantity");
        assertThat(available("TR2-LW-GRN", "UTR-01")).isEqualTo(5);
    }

    @Test
    void settingOnHandMovesAvailableBySameAmount() {
        int before = available("TR2-LW-GRN", "UTR-01");
        Map<String, Object> input = setInput(quantity(GRN, UTRECHT, before + 3, before));
        input.put("name", "on_hand");
        JsonNode answer = shopify.graphql(SET, Map.of("input", input, "key", "on-hand")).at("/data/inventorySetQuantities");
        assertThat(answer.get("userErrors")).isEmpty();
        assertThat(available("TR2-LW-GRN", "UTR-01")).isEqualTo(before + 3);

        // the admin API's stock history has the new available quantity, at the clock's exact instant
        JsonNode changes = shopify.adminGet("stock-changes?sku=TR2-LW-GRN");
        JsonNode last = changes.get(changes.size() - 1);
        assertThat(last.path("location").asText()).isEqualTo("UTR-01");
        assertThat(last.path("quantity").asInt()).isEqualTo(before + 3);
        assertThat(Instant.parse(last.path("at").asText())).isEqualTo(CLOCK.instant());
        assertThat(shopify.adminGet("stock-changes?sku=NO-SUCH-SKU")).isEmpty();
    }

    @Test
    void adjustQuantitiesRetriedWithTheSameKeyReturnsTheFirstResultAndAppliesOnce() {
        int before = available("TR2-LW-GRN", "UTR-01");
        Map<String, Object> input = adjustInput(change(GRN, UTRECHT, 5));

        JsonNode first = shopify.graphql(ADJUST, Map.of("input", input, "key", "4f5b6ebf-143c-4da5-8d0f-fb8553bfd85d"));
        CLOCK.advance(Duration.ofSeconds(3));
        JsonNode retry = shopify.graphql(ADJUST, Map.of("input", input, "key", "4f5b6ebf-143c-4da5-8d0f-fb8553bfd85d"));

        assertThat(first.at("/data/inventoryAdjustQuantities/userErrors")).isEmpty();
        assertThat(retry.at("/data")).isEqualTo(first.at("/data"));
        assertThat(first.at("/data/inventoryAdjustQuantities/inventoryAdjustmentGroup/changes/0/quantityAfterChange").asInt())
                .isEqualTo(before + 5);
        assertThat(available("TR2-LW-GRN", "UTR-01")).isEqualTo(before + 5);
        assertThat(first.at("/extensions/cost/requestedQueryCost").asInt()).isEqualTo(10);

        JsonNode reused = shopify.graphql(ADJUST, Map.of("input", adjustInput(change(GRN, UTRECHT, 7)),
                "key", "4f5b6ebf-143c-4da5-8d0f-fb8553bfd85d"));
        assertThat(reused.at("/data/inventoryAdjustQuantities/userErrors/0/code").asText())
                .isEqualTo("IDEMPOTENCY_KEY_PARAMETER_MISMATCH");
        assertThat(available("TR2-LW-GRN", "UTR-01")).isEqualTo(before + 5);
    }

    @Test
    void adjustQuantitiesWithoutIdempotentFailsAndChangesNothing() {
        int before = available("TR2-LW-GRN", "UTR-01");
        JsonNode answer = shopify.graphql("""
                mutation Adjust($input: InventoryAdjustQuantitiesInput!) {
                  inventoryAdjustQuantities(input: $input) { userErrors { code } }
                }""", Map.of("input", adjustInput(change(GRN, UTRECHT, 5))));

        assertThat(answer.at("/errors/0/message").asText())
                .isEqualTo("The @idempotent directive is required for this mutation but was not provided.");
        assertThat(answer.at("/errors/0/extensions/code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(answer.at("/errors/0/path/0").asText()).isEqualTo("inventoryAdjustQuantities");
        assertThat(answer.at("/data/inventoryAdjustQuantities").isNull()).isTrue();
        assertThat(available("TR2-LW-GRN", "UTR-01")).isEqualTo(before);

        JsonNode set = shopify.graphql("""
                mutation Set($input: InventorySetQuantitiesInput!) {
                  inventorySetQuantities(input: $input) { userErrors { code } }
                }""", Map.of("input", setInput(quantity(GRN, UTRECHT, 1, before))));
        assertThat(set.at("/errors/0/extensions/code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(available("TR2-LW-GRN", "UTR-01")).isEqualTo(before);
    }

    @Test
    void unknownIdsNamesAndReasonsAreUserErrorsAndChangeNothing() {
        int before = available("TR2-LW-GRN", "UTR-01");
        Map<String, Object> input = adjustInput(change(GRN, UTRECHT, 1), change("gid://shopify/InventoryItem/999", UTRECHT, 1),
                change(GRN, "gid://shopify/Location/999", 1));
        input.put("reason", "because");
        JsonNode answer = shopify.graphql(ADJUST, Map.of("input", input, "key", "unknown-ids"))
                .at("/data/inventoryAdjustQuantities");

        assertThat(answer.get("inventoryAdjustmentGroup").isNull()).isTrue();
        assertThat(answer.get("userErrors").findValuesAsText("code"))
                .containsExactly("INVALID_REASON", "INVALID_INVENTORY_ITEM", "INVALID_LOCATION");
        assertThat(JSON.convertValue(answer.at("/userErrors/1/field"), List.class))
                .containsExactly("input", "changes", "1", "inventoryItemId");
        assertThat(available("TR2-LW-GRN", "UTR-01")).isEqualTo(before);

        Map<String, Object> wrongName = setInput(quantity(GRN, UTRECHT, 1, before));
        wrongName.put("name", "committed");
        assertThat(shopify.graphql(SET, Map.of("input", wrongName, "key", "wrong-name"))
                .at("/data/inventorySetQuantities/userErrors/0/code").asText()).isEqualTo("INVALID_NAME");
    }

    @Test
    void moreThan250QuantitiesAreRefusedBeforeTheMutationRuns() {
        List<Object> quantities = IntStream.range(0, 251).<Object>mapToObj(i -> quantity(GRN, UTRECHT, i, null)).toList();
        Map<String, Object> input = setInput();
        input.put("quantities", quantities);

        JsonNode answer = shopify.graphql(SET, Map.of("input", input, "key", "too-many"));

        assertThat(answer.has("data")).isFalse();
        assertThat(answer.at("/errors/0/message").asText())
                .isEqualTo("The input array size of 251 is greater than the maximum allowed of 250.");
        assertThat(JSON.convertValue(answer.at("/errors/0/path"), List.class))
                .containsExactly("inventorySetQuantities", "input", "quantities");
        assertThat(answer.at("/errors/0/extensions/code").asText()).isEqualTo("MAX_INPUT_SIZE_EXCEEDED");
    }

    @Test
    void faultSwitchesAnswerThrottledAndThen503() throws Exception {
        shopify.adminPut("faults", new Faults.Settings(0, 1, 1, 0, 0, 0));
        Map<String, String> headers = Map.of("Content-Type", "application/json", "X-Shopify-Access-Token", TOKEN);
        String query = "{\"query\":\"{ locations(first: 1) { nodes { id } } }\"}";

        ShopifyClient.Response throttled = shopify.post(sandbox.graphQlUrl(), headers, query);
        assertThat(throttled.status()).isEqualTo(200);
        assertThat(throttled.body().at("/errors/0/message").asText()).isEqualTo("Throttled");
        assertThat(throttled.body().at("/errors/0/extensions/code").asText()).isEqualTo("THROTTLED");
        assertThat(throttled.body().at("/extensions/cost/actualQueryCost").isNull()).isTrue();
        assertThat(throttled.body().has("data")).isFalse();

        ShopifyClient.Response failed = shopify.post(sandbox.graphQlUrl(), headers, query);
        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.body()).isEqualTo(JSON.readTree("{\"errors\":\"Service Unavailable\"}"));

        assertThat(shopify.post(sandbox.graphQlUrl(), headers, query).status()).isEqualTo(200);
    }

    @Test
    void ordersAreFoundByUpdatedAtAndSortedByIt() {
        placeOrder("TR2-LW-GRN", "UTR-01");
        CLOCK.advance(Duration.ofMinutes(5));
        Instant between = CLOCK.instant();
        CLOCK.advance(Duration.ofMinutes(5));
        JsonNode second = placeOrder("TR2-LW-GRN", "AMS-01");

        JsonNode answer = shopify.graphql("""
                query Recent($since: String!) {
                  orders(first: 10, query: $since, sortKey: UPDATED_AT) {
                    nodes { id name email createdAt updatedAt totalPriceSet { shopMoney { amount currencyCode } }
                      lineItems(first: 5) { nodes { sku quantity originalUnitPriceSet { shopMoney { amount } } } } }
                  }
                }""", Map.of("since", "updated_at:>'" + between + "'"));

        JsonNode orders = answer.at("/data/orders/nodes");
        assertThat(orders).hasSize(1);
        assertThat(orders.at("/0/id").asText()).isEqualTo(second.get("admin_graphql_api_id").asText());
        assertThat(orders.at("/0/name").asText()).isEqualTo("#1002");
        assertThat(orders.at("/0/totalPriceSet/shopMoney/amount").asText()).isEqualTo("119.95");
        assertThat(orders.at("/0/totalPriceSet/shopMoney/currencyCode").asText()).isEqualTo("EUR");
        assertThat(orders.at("/0/lineItems/nodes/0/sku").asText()).isEqualTo("TR2-LW-GRN");
        assertThat(orders.at("/0/lineItems/nodes/0/originalUnitPriceSet/shopMoney/amount").asText()).isEqualTo("119.95");
        assertThat(Instant.parse(orders.at("/0/updatedAt").asText())).isAfter(between);

        JsonNode newestFirst = shopify.graphql("{ orders(first: 5, sortKey: UPDATED_AT, reverse: true) { nodes { name } } }");
        assertThat(newestFirst.at("/data/orders/nodes").findValuesAsText("name")).containsExactly("#1002", "#1001");
        assertThat(shopify.graphql("{ order(id: \"" + second.get("admin_graphql_api_id").asText() + "\") { name } }")
                .at("/data/order/name").asText()).isEqualTo("#1002");
    }

    private JsonNode placeOrder(String sku, String pickupLocation) {
        ShopifyClient.Response placed = shopify.adminPost("orders", Map.of("lines", List.of(Map.of("sku", sku, "quantity", 1)),
                "pickupLocation", pickupLocation, "email", "klant@example.nl", "allowOversell", true));
        assertThat(placed.status()).isEqualTo(201);
        return placed.body();
    }

    private static int available(String sku, String location) {
        return shopify.quantities(sku, location).get("available").asInt();
    }

    @SafeVarargs
    private static JsonNode set(String key, Map<String, Object>... quantities) {
        return shopify.graphql(SET, Map.of("input", setInput(quantities), "key", key)).at("/data/inventorySetQuantities");
    }

    @SafeVarargs
    private static Map<String, Object> setInput(Map<String, Object>... quantities) {
        Map<String, Object> input = new HashMap<>();
        input.put("name", "available");
        input.put("reason", "correction");
        input.put("referenceDocumentUri", "omnihub://inventory-level/TR2-LW-GRN@UTR-01");
        input.put("quantities", List.of(quantities));
        return input;
    }

    private static Map<String, Object> quantity(String item, String location, int quantity, Integer changeFrom) {
        Map<String, Object> entry = new HashMap<>();
        entry.put("inventoryItemId", item);
        entry.put("locationId", location);
        entry.put("quantity", quantity);
        entry.put("changeFromQuantity", changeFrom);
        return entry;
    }

    @SafeVarargs
    private static Map<String, Object> adjustInput(Map<String, Object>... changes) {
        Map<String, Object> input = new HashMap<>();
        input.put("name", "available");
        input.put("reason", "received");
        input.put("referenceDocumentUri", "omnihub://goods-receipt/GR-1");
        input.put("changes", List.of(changes));
        return input;
    }

    private static Map<String, Object> change(String item, String location, int delta) {
        return Map.of("inventoryItemId", item, "locationId", location, "delta", delta);
    }
}
