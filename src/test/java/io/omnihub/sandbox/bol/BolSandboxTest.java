package io.omnihub.sandbox.bol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.SandboxProperties;

/**
 * The bol.com sandbox alone on a free port, driven over HTTP as the hub's connector drives bol. Time
 * is a clock the test moves, so processing delays, token expiry and rate windows pass at once and
 * exactly; one test runs on the real clock to show the same without help.
 */
class BolSandboxTest {

    private static final String V10 = "application/vnd.retailer.v10+json";
    private static final SandboxProperties COMMON = SandboxProperties.defaults();
    private static final ReferenceRetailer RETAILER = COMMON.retailer();
    private static final ReferenceRetailer.Variant GREEN_TENT = RETAILER.variant("TR2-LW-GRN").orElseThrow();
    private static final ReferenceRetailer.Variant SOCK = RETAILER.variant("SOCK-MW-42").orElseThrow();
    private static final ReferenceRetailer.Variant BOOK = RETAILER.variant("BOOK-WADDEN").orElseThrow();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T09:00:00Z"));
    private BolSandbox sandbox;
    private String token;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    // authentication

    @Test
    void tokenIsIssuedForTheCredentialsAndExpires() throws Exception {
        start(Map.of("token-lifetime", "30s"));

        HttpResponse<String> issued = requestToken(basic("omnihub-sandbox-client", "omnihub-sandbox-secret"),
                "grant_type=client_credentials");
        assertThat(issued.statusCode()).isEqualTo(200);
        JsonNode body = json(issued);
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isEqualTo(30);
        assertThat(body.path("scope").asText()).isEqualTo("RETAILER");
        token = body.path("access_token").asText();
        assertThat(api("GET", "/retailer/offers/" + GREEN_TENT.bolOfferId(), null).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(30));
        HttpResponse<String> expired = api("GET", "/retailer/offers/" + GREEN_TENT.bolOfferId(), null);
        assertProblem(expired, 401);
        assertThat(json(expired).path("detail").asText()).contains("JWT expired");
    }

    @Test
    void grantTypeMayComeAsQueryParameterAsInBolsExamples() throws Exception {
        start(Map.of());
        HttpResponse<String> issued = http.send(HttpRequest.newBuilder(uri("/token?grant_type=client_credentials"))
                .header("Authorization", basic("omnihub-sandbox-client", "omnihub-sandbox-secret"))
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(json(issued).path("expires_in").asLong()).isEqualTo(299);
    }

    @Test
    void tooManyTokenRequestsAreRefusedUntilTheWindowHasPassed() throws Exception {
        start(Map.of("token-request-limit", "3", "token-request-window", "1m"));
        String credentials = basic("omnihub-sandbox-client", "omnihub-sandbox-secret");
        for (int i = 0; i < 2; i++) { // start() asked for the first
            assertThat(requestToken(credentials, "grant_type=client_credentials").statusCode()).isEqualTo(200);
        }

        HttpResponse<String> refused = requestToken(credentials, "grant_type=client_credentials");
        assertProblem(refused, 429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");

        clock.advance(Duration.ofMinutes(1));
        assertThat(requestToken(credentials, "grant_type=client_credentials").statusCode()).isEqualTo(200);
    }

    @Test
    void wrongCredentialsAndGrantTypesAreRefused() throws Exception {
        start(Map.of());
        assertProblem(requestToken(basic("omnihub-sandbox-client", "wrong"), "grant_type=client_credentials"), 401);
        assertProblem(requestToken(null, "grant_type=client_credentials"), 401);
        assertProblem(requestToken("Basic not-base64!", "grant_type=client_credentials"), 401);
        assertProblem(requestToken(basic("omnihub-sandbox-client", "omnihub-sandbox-secret"), "grant_type=password"), 400);
    }

    @Test
    void apiCallsNeedAKnownBearerToken() throws Exception {
        start(Map.of());
        token = null;
        assertProblem(api("GET", "/retailer/orders", null), 401);
        token = "made-up";
        HttpResponse<String> unknown = api("GET", "/retailer/orders", null);
        assertProblem(unknown, 401);
        assertThat(json(unknown).path("instance").asText()).isEqualTo("/retailer/orders");
    }

    // media types and validation

    @Test
    void otherMediaTypesAreRefusedWith406And415() throws Exception {
        start(Map.of());
        HttpResponse<String> notAcceptable = send(HttpRequest.newBuilder(uri("/retailer/orders"))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET());
        assertProblem(notAcceptable, 406);

        HttpResponse<String> unsupported = send(HttpRequest.newBuilder(uri("/retailer/offers/" + GREEN_TENT.bolOfferId() + "/stock"))
                .header("Authorization", "Bearer " + token).header("Accept", V10)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"amount\":1,\"managedByRetailer\":true}")));
        assertProblem(unsupported, 415);
    }

    @Test
    void malformedAndInvalidBodiesAre400WithViolations() throws Exception {
        start(Map.of());
        String path = "/retailer/offers/" + GREEN_TENT.bolOfferId() + "/stock";

        HttpResponse<String> malformed = api("PUT", path, "{\"amount\": ");
        assertProblem(malformed, 400);
        assertThat(json(malformed).path("violations").get(0).path("name").asText()).isEqualTo("body");

        HttpResponse<String> invalid = api("PUT", path, "{\"amount\": 1000}");
        assertProblem(invalid, 400);
        assertThat(json(invalid).path("violations").findValuesAsText("name")).containsExactly("amount", "managedByRetailer");
        assertThat(json(invalid).path("violations").get(0).path("reason").asText()).isEqualTo("must be less than or equal to 999");
        assertThat(sandbox.state().processStatuses()).isEmpty();
    }

    // asynchronous writes

    @Test
    void stockUpdateFromTheHubsMappingIsPendingUntilProcessedAndOnlyThenApplied() throws Exception {
        start(Map.of("processing-delay", "2s"));
        // exactly what mappings/bol/offer-stock.out.jslt produces for the hub
        JsonNode mapped = JSON.readTree(Path.of("mappings/bol/fixtures/offer-stock.out--in-stock.expected.json").toFile());
        String offerId = mapped.path("offerId").asText();
        String path = "/retailer/offers/" + offerId;
        int before = GREEN_TENT.onHand().get("DC-NL");
        assertThat(before).as("the seed's warehouse stock differs from the update").isNotEqualTo(7);
        assertThat(json(api("GET", path, null)).path("stock").path("amount").asInt()).isEqualTo(before);

        HttpResponse<String> accepted = api("PUT", path + "/stock", mapped.path("body").toString());
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith(V10));
        JsonNode status = json(accepted);
        assertThat(status.path("status").asText()).isEqualTo("PENDING");
        assertThat(status.path("eventType").asText()).isEqualTo("UPDATE_OFFER_STOCK");
        assertThat(status.path("entityId").asText()).isEqualTo(offerId);
        String self = status.path("links").get(0).path("href").asText();
        assertThat(self).isEqualTo(sandbox.baseUrl() + "/shared/process-status/" + status.path("processStatusId").asText());

        clock.advance(Duration.ofMillis(1999));
        assertThat(json(api("GET", path, null)).path("stock").path("amount").asInt()).isEqualTo(before);
        assertThat(json(api("GET", URI.create(self).getPath(), null)).path("status").asText()).isEqualTo("PENDING");

        clock.advance(Duration.ofMillis(1));
        assertThat(json(api("GET", URI.create(self).getPath(), null)).path("status").asText()).isEqualTo("SUCCESS");
        JsonNode offer = json(api("GET", path, null));
        assertThat(offer.path("stock").path("amount").asInt()).isEqualTo(7);
        assertThat(offer.path("stock").path("managedByRetailer").asBoolean()).isTrue();

        // the admin API's stock history: the amount from the moment the process finished, to the millisecond
        JsonNode changes = admin("GET", "/_sandbox/stock-changes?sku=" + offer.path("reference").asText(), null);
        assertThat(changes).hasSize(1);
        assertThat(Instant.parse(changes.get(0).path("at").asText())).isEqualTo(Instant.parse("2026-11-23T09:00:02Z"));
        assertThat(changes.get(0).path("quantity").asInt()).isEqualTo(7);
        assertThat(changes.get(0).path("location").isNull()).isTrue();
        assertThat(admin("GET", "/_sandbox/stock-changes?sku=NO-SUCH-SKU", null)).isEmpty();
    }

    @Test
    void writesToAnUnknownOfferAreAcceptedAndThenFail() throws Exception {
        start(Map.of("processing-delay", "1s"));
        JsonNode status = json(api("PUT", "/retailer/offers/no-such-offer/stock", "{\"amount\":3,\"managedByRetailer\":true}"));

        clock.advance(Duration.ofSeconds(1));
        JsonNode processed = json(api("GET", "/shared/process-status/" + status.path("processStatusId").asText(), null));
        assertThat(processed.path("status").asText()).isEqualTo("FAILURE");
        assertThat(processed.path("errorMessage").asText()).isEqualTo("Offer with id no-such-offer does not exist.");
        assertProblem(api("GET", "/retailer/offers/no-such-offer", null), 404);
        assertProblem(api("GET", "/shared/process-status/999999", null), 404);
    }

    @Test
    void bulkReadAnswersTheKnownStatusesOfUpTo1000IdsAndRefusesBrokenQueries() throws Exception {
        start(Map.of("processing-delay", "1s"));
        String stock = "{\"amount\":3,\"managedByRetailer\":true}";
        String applied = json(api("PUT", "/retailer/offers/" + GREEN_TENT.bolOfferId() + "/stock", stock)).path("processStatusId").asText();
        String failed = json(api("PUT", "/retailer/offers/no-such-offer/stock", stock)).path("processStatusId").asText();

        String query = "{\"processStatusQueries\":[{\"processStatusId\":\"" + applied + "\"},{\"processStatusId\":\"" + failed
                + "\"},{\"processStatusId\":\"999999\"}]}";
        HttpResponse<String> pending = api("POST", "/shared/process-status", query);
        assertThat(pending.statusCode()).isEqualTo(200);
        assertThat(pending.headers().firstValue("x-ratelimit-limit")).as("its own rate rule").hasValue("20");
        assertThat(json(pending).path("processStatuses").findValuesAsText("status")).containsExactly("PENDING", "PENDING");

        clock.advance(Duration.ofSeconds(1));
        JsonNode statuses = json(api("POST", "/shared/process-status", query)).path("processStatuses");
        // in the order asked, an id bol does not know (or no longer keeps) left out
        assertThat(statuses.findValuesAsText("processStatusId")).containsExactly(applied, failed);
        assertThat(statuses.findValuesAsText("status")).containsExactly("SUCCESS", "FAILURE");
        assertThat(statuses.get(1).path("errorMessage").asText()).isEqualTo("Offer with id no-such-offer does not exist.");
        assertThat(statuses.get(0).path("links").get(0).path("href").asText()).endsWith("/shared/process-status/" + applied);
        // a numeric id is read as the same id
        assertThat(json(api("POST", "/shared/process-status", "{\"processStatusQueries\":[{\"processStatusId\":" + applied + "}]}"))
                .path("processStatuses").findValuesAsText("status")).containsExactly("SUCCESS");

        String tooMany = "{\"processStatusQueries\":[" + String.join(",", Collections.nCopies(1001,
                "{\"processStatusId\":\"1\"}")) + "]}";
        for (String broken : List.of("{\"processStatusQueries\": ", "[]", "{}", "{\"processStatusQueries\":[]}", tooMany,
                "{\"processStatusQueries\":[{\"processStatusId\":\"1\"},{\"id\":\"2\"}]}")) {
            HttpResponse<String> refused = api("POST", "/shared/process-status", broken);
            assertProblem(refused, 400);
            assertThat(json(refused).path("violations").get(0).path("name").asText()).as(broken)
                    .isIn("body", "processStatusQueries", "processStatusQueries[1].processStatusId");
        }
    }

    @Test
    void priceUpdateIsAppliedWhenProcessed() throws Exception {
        start(Map.of("processing-delay", "1s"));
        String path = "/retailer/offers/" + SOCK.bolOfferId();
        api("PUT", path + "/price", "{\"pricing\":{\"bundlePrices\":[{\"quantity\":1,\"unitPrice\":16.95},"
                + "{\"quantity\":3,\"unitPrice\":15.50}]}}");
        assertThat(json(api("GET", path, null)).path("pricing").path("bundlePrices").get(0).path("unitPrice").decimalValue())
                .isEqualByComparingTo("17.95");

        clock.advance(Duration.ofSeconds(1));
        JsonNode prices = json(api("GET", path, null)).path("pricing").path("bundlePrices");
        assertThat(prices).hasSize(2);
        assertThat(prices.get(1).path("unitPrice").decimalValue()).isEqualByComparingTo("15.50");
    }

    @Test
    void createdOfferGetsItsIdOnSuccessAndADuplicateFails() throws Exception {
        start(Map.of("processing-delay", "1s"));
        String offer = "{\"ean\":\"8712345999996\",\"condition\":{\"name\":\"NEW\"},\"reference\":\"NEW-SKU-1\","
                + "\"pricing\":{\"bundlePrices\":[{\"quantity\":1,\"unitPrice\":9.99}]},"
                + "\"stock\":{\"amount\":5,\"managedByRetailer\":true},\"fulfilment\":{\"method\":\"FBR\",\"deliveryCode\":\"1-2d\"},"
                + "\"unknownProductTitle\":\"Pocket knife\"}";
        JsonNode pending = json(api("POST", "/retailer/offers", offer));
        assertThat(pending.path("eventType").asText()).isEqualTo("CREATE_OFFER");
        assertThat(pending.has("entityId")).isFalse();
        JsonNode duplicate = json(api("POST", "/retailer/offers", offer));

        clock.advance(Duration.ofSeconds(1));
        JsonNode created = json(api("GET", "/shared/process-status/" + pending.path("processStatusId").asText(), null));
        assertThat(created.path("status").asText()).isEqualTo("SUCCESS");
        JsonNode stored = json(api("GET", "/retailer/offers/" + created.path("entityId").asText(), null));
        assertThat(stored.path("reference").asText()).isEqualTo("NEW-SKU-1");
        assertThat(stored.path("store").path("productTitle").asText()).isEqualTo("Pocket knife");
        assertThat(stored.path("stock").path("amount").asInt()).isEqualTo(5);
        JsonNode refused = json(api("GET", "/shared/process-status/" + duplicate.path("processStatusId").asText(), null));
        assertThat(refused.path("status").asText()).isEqualTo("FAILURE");
        assertThat(refused.path("errorMessage").asText()).contains("already exists");

        HttpResponse<String> invalid = api("POST", "/retailer/offers", "{\"ean\":\"12\",\"condition\":{\"name\":\"BROKEN\"},"
                + "\"pricing\":{\"bundlePrices\":[]},\"fulfilment\":{\"method\":\"FBR\"}}");
        assertProblem(invalid, 400);
        assertThat(json(invalid).path("violations").findValuesAsText("name"))
                .containsExactly("ean", "condition.name", "pricing.bundlePrices", "stock");
    }

    @Test
    void callsRetiredInV10Answer403() throws Exception {
        start(Map.of());
        assertProblem(api("GET", "/retailer/process-status/1", null), 403);
        assertProblem(api("PUT", "/retailer/orders/1100000001/shipment", "{}"), 403);
    }

    // orders and shipments

    @Test
    void ordersArePagedToAnEmptyPageAndTheDetailHasTheShapeTheHubMapsFrom() throws Exception {
        start(Map.of("orders-page-size", "2"));
        for (int i = 0; i < 5; i++) {
            assertThat(placeOrder(GREEN_TENT.ean(), 1, BOOK.ean(), 2).statusCode()).isEqualTo(201);
        }

        List<String> seen = new ArrayList<>();
        int page = 1;
        for (; ; page++) {
            HttpResponse<String> listed = api("GET", "/retailer/orders?page=" + page + "&fulfilment-method=FBR&status=OPEN", null);
            assertThat(listed.statusCode()).isEqualTo(200);
            if (listed.body().equals("{}")) {
                break;
            }
            json(listed).path("orders").forEach(o -> seen.add(o.path("orderId").asText()));
        }
        assertThat(page).isEqualTo(4);
        assertThat(seen).hasSize(5).doesNotHaveDuplicates();
        JsonNode listedItem = json(api("GET", "/retailer/orders", null)).path("orders").get(0).path("orderItems").get(0);
        assertThat(listedItem.path("fulfilmentStatus").asText()).isEqualTo("OPEN");
        assertThat(listedItem.path("ean").asText()).isEqualTo(GREEN_TENT.ean());

        JsonNode order = json(api("GET", "/retailer/orders/" + seen.get(0), null));
        JsonNode fixture = JSON.readTree(Path.of("mappings/bol/fixtures/order.in--two-items.input.json").toFile());
        assertSameShape(fixture, order, "");
        JsonNode tent = order.path("orderItems").get(0);
        assertThat(tent.path("offer").path("offerId").asText()).isEqualTo(GREEN_TENT.bolOfferId());
        assertThat(tent.path("offer").path("reference").asText()).isEqualTo("TR2-LW-GRN");
        assertThat(tent.path("product").path("title").asText()).isEqualTo(GREEN_TENT.title());
        assertThat(tent.path("unitPrice").decimalValue()).isEqualByComparingTo(GREEN_TENT.price());
        assertThat(order.path("orderItems").get(1).path("quantity").asInt()).isEqualTo(2);
        assertProblem(api("GET", "/retailer/orders/404404", null), 404);
        assertProblem(api("GET", "/retailer/orders?status=LOST", null), 400);
    }

    @Test
    void ordersTakeOnlyWhatTheOfferHasForSale() throws Exception {
        start(Map.of());
        int forSale = GREEN_TENT.onHand().get("DC-NL");
        HttpResponse<String> tooMany = placeOrder(GREEN_TENT.ean(), forSale + 1);
        assertProblem(tooMany, 409);
        assertThat(placeOrder(GREEN_TENT.ean(), forSale).statusCode()).isEqualTo(201);
        assertThat(admin("GET", "/_sandbox/offers?reference=TR2-LW-GRN", null).path(0).path("stock").path("correctedStock").asInt())
                .isZero();
        assertProblem(placeOrder("8712345999996", 1), 400);
    }

    @Test
    void shipmentShipsItemsOnceProcessedAndRefusesMoreThanIsOpen() throws Exception {
        start(Map.of("processing-delay", "1s"));
        JsonNode order = json(placeOrder(SOCK.ean(), 2));
        String orderId = order.path("orderId").asText();
        String itemId = order.path("orderItems").get(0).path("orderItemId").asText();

        JsonNode first = json(api("POST", "/retailer/shipments", "{\"orderItems\":[{\"orderItemId\":\"" + itemId + "\",\"quantity\":1}],"
                + "\"shipmentReference\":\"PAKBON-1\",\"transport\":{\"transporterCode\":\"TNT\",\"trackAndTrace\":\"3SBOL0987654321\"}}"));
        assertThat(first.path("status").asText()).isEqualTo("PENDING");
        assertThat(first.path("eventType").asText()).isEqualTo("CREATE_SHIPMENT");
        assertThat(shippedOf(orderId)).isZero();

        clock.advance(Duration.ofSeconds(1));
        assertThat(shippedOf(orderId)).isEqualTo(1);
        JsonNode tooMany = json(api("POST", "/retailer/shipments", "{\"orderItems\":[{\"orderItemId\":\"" + itemId + "\",\"quantity\":2}]}"));
        JsonNode rest = json(api("POST", "/retailer/shipments", "{\"orderItems\":[{\"orderItemId\":\"" + itemId + "\"}]}"));

        clock.advance(Duration.ofSeconds(1));
        assertThat(json(api("GET", "/shared/process-status/" + tooMany.path("processStatusId").asText(), null))
                .path("status").asText()).isEqualTo("FAILURE");
        assertThat(json(api("GET", "/shared/process-status/" + rest.path("processStatusId").asText(), null))
                .path("status").asText()).isEqualTo("SUCCESS");
        assertThat(shippedOf(orderId)).isEqualTo(2);
        assertThat(api("GET", "/retailer/orders", null).body()).isEqualTo("{}");
        JsonNode shipped = json(api("GET", "/retailer/orders?status=SHIPPED", null)).path("orders").get(0);
        assertThat(shipped.path("orderItems").get(0).path("fulfilmentStatus").asText()).isEqualTo("HANDLED");
        JsonNode shipments = admin("GET", "/_sandbox/shipments", null);
        assertThat(shipments).hasSize(2);
        assertThat(shipments.get(0).path("transport").path("trackAndTrace").asText()).isEqualTo("3SBOL0987654321");
        assertProblem(api("POST", "/retailer/shipments", "{\"orderItems\":[]}"), 400);
    }

    @Test
    void aCancelledOrderLeavesTheOpenListAndIsStillReadById() throws Exception {
        start(Map.of());
        JsonNode order = json(placeOrder(GREEN_TENT.ean(), 1, SOCK.ean(), 3));
        String orderId = order.path("orderId").asText();
        String tentItem = order.path("orderItems").get(0).path("orderItemId").asText();
        String sockItem = order.path("orderItems").get(1).path("orderItemId").asText();
        JsonNode kept = json(placeOrder(BOOK.ean(), 1));
        int socksForSale = admin("GET", "/_sandbox/offers?reference=SOCK-MW-42", null).path(0).at("/stock/correctedStock").asInt();

        // the customer cancels 2 of the socks: the order stays open, those units are for sale again
        clock.advance(Duration.ofMinutes(1));
        JsonNode partly = admin("POST", "/_sandbox/orders/" + orderId + "/cancel",
                "{\"items\":[{\"orderItemId\":\"" + sockItem + "\",\"quantity\":2}]}");
        assertThat(partly.at("/orderItems/1/quantityCancelled").asInt()).isEqualTo(2);
        assertThat(partly.at("/orderItems/1/cancellationRequest").asBoolean()).isTrue();
        assertThat(partly.at("/orderItems/0/quantityCancelled").asInt()).isZero();
        JsonNode listed = listedOrder(orderId);
        assertThat(listed.at("/orderItems/1/quantityCancelled").asInt()).isEqualTo(2);
        assertThat(listed.at("/orderItems/1/cancellationRequest").asBoolean()).isTrue();
        assertThat(listed.at("/orderItems/1/fulfilmentStatus").asText()).isEqualTo("OPEN");
        assertThat(listed.at("/orderItems/1/latestChangedDateTime").asText()).isEqualTo("2026-11-23T10:01:00+01:00");
        assertThat(admin("GET", "/_sandbox/offers?reference=SOCK-MW-42", null).path(0).at("/stock/correctedStock").asInt())
                .isEqualTo(socksForSale + 2);

        // the whole order: every unit still open is cancelled, and the order leaves the OPEN list
        JsonNode whole = admin("POST", "/_sandbox/orders/" + orderId + "/cancel", null);
        assertThat(whole.at("/orderItems/0/quantityCancelled").asInt()).isEqualTo(1);
        assertThat(whole.at("/orderItems/1/quantityCancelled").asInt()).isEqualTo(3);
        assertThat(listedOrder(orderId)).isNull();
        assertThat(listedOrder(kept.path("orderId").asText())).isNotNull();
        JsonNode read = json(api("GET", "/retailer/orders/" + orderId, null));
        assertThat(read.at("/orderItems/0/quantityCancelled").asInt()).isEqualTo(1);
        assertThat(read.at("/orderItems/0/orderItemId").asText()).isEqualTo(tentItem);
        assertThat(json(api("GET", "/retailer/orders?status=ALL", null)).findValuesAsText("orderId")).contains(orderId);
    }

    @Test
    void aCancellationOfAnUnknownOrderItemOrOfMoreThanIsOpenIsRefusedAndChangesNothing() throws Exception {
        start(Map.of("processing-delay", "1s"));
        JsonNode order = json(placeOrder(SOCK.ean(), 2));
        String orderId = order.path("orderId").asText();
        String itemId = order.path("orderItems").get(0).path("orderItemId").asText();

        HttpResponse<String> unknown = adminPost("/_sandbox/orders/404404/cancel", "");
        assertProblem(unknown, 404);
        assertThat(json(unknown).path("detail").asText()).isEqualTo("Order for order id 404404 not found.");
        HttpResponse<String> otherItem = adminPost("/_sandbox/orders/" + orderId + "/cancel", "{\"items\":[{\"orderItemId\":\"99\"}]}");
        assertProblem(otherItem, 400);
        assertThat(json(otherItem).at("/violations/0/reason").asText()).isEqualTo("Order item 99 is not an item of order " + orderId + ".");
        assertProblem(adminPost("/_sandbox/orders/" + orderId + "/cancel", "{\"items\":[{\"orderItemId\":\"" + itemId
                + "\",\"quantity\":0}]}"), 400);
        assertProblem(adminPost("/_sandbox/orders/" + orderId + "/cancel", "{\"items\":[]}"), 400);

        // one shipped: one left to cancel, not two
        api("POST", "/retailer/shipments", "{\"orderItems\":[{\"orderItemId\":\"" + itemId + "\",\"quantity\":1}]}");
        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> tooMany = adminPost("/_sandbox/orders/" + orderId + "/cancel",
                "{\"items\":[{\"orderItemId\":\"" + itemId + "\",\"quantity\":2}]}");
        assertProblem(tooMany, 409);
        assertThat(json(tooMany).path("detail").asText()).isEqualTo("Order item " + itemId + " has 1 units open; cannot cancel 2.");
        JsonNode read = json(api("GET", "/retailer/orders/" + orderId, null));
        assertThat(read.at("/orderItems/0/quantityCancelled").asInt()).isZero();
        assertThat(read.at("/orderItems/0/cancellationRequest").asBoolean()).isFalse();

        // the rest cancelled: shipped and cancelled, nothing open, nothing more to cancel
        assertThat(adminPost("/_sandbox/orders/" + orderId + "/cancel", "").statusCode()).isEqualTo(200);
        assertThat(listedOrder(orderId)).isNull();
        HttpResponse<String> nothingLeft = adminPost("/_sandbox/orders/" + orderId + "/cancel", "");
        assertProblem(nothingLeft, 409);
        assertThat(json(nothingLeft).path("detail").asText()).isEqualTo("Order " + orderId + " has no open units left to cancel.");
    }

    // rate limits and faults

    @Test
    void defaultRateLimitsAreBolsDocumentedExamples() throws Exception {
        start(Map.of());
        HttpResponse<String> list = api("GET", "/retailer/orders", null);
        assertThat(list.headers().firstValue("x-ratelimit-limit")).hasValue("7");
        assertThat(list.headers().firstValue("x-ratelimit-remaining")).hasValue("6");
        assertThat(list.headers().firstValue("x-ratelimit-reset")).hasValue("180");
        HttpResponse<String> detail = api("GET", "/retailer/orders/1", null);
        assertThat(detail.headers().firstValue("x-ratelimit-limit")).hasValue("8");
        assertThat(detail.headers().firstValue("x-ratelimit-reset")).hasValue("60");
    }

    @Test
    void rateWindowRefusesWith429UntilItHasPassed() throws Exception {
        start(Map.of("rate-limits[0]", "GET /retailer/orders 3/10s"));
        for (int remaining = 2; remaining >= 0; remaining--) {
            HttpResponse<String> allowed = api("GET", "/retailer/orders", null);
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.headers().firstValue("x-ratelimit-limit")).hasValue("3");
            assertThat(allowed.headers().firstValue("x-ratelimit-remaining")).hasValue(Integer.toString(remaining));
            clock.advance(Duration.ofSeconds(2));
        }

        HttpResponse<String> refused = api("GET", "/retailer/orders", null);
        assertProblem(refused, 429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("4");
        assertThat(refused.headers().firstValue("x-ratelimit-remaining")).hasValue("0");
        assertThat(refused.headers().firstValue("x-ratelimit-reset")).hasValue("4");
        assertThat(api("GET", "/retailer/offers/" + SOCK.bolOfferId(), null).headers().firstValue("x-ratelimit-limit"))
                .as("a path without rule is not limited").isEmpty();

        clock.advance(Duration.ofSeconds(4));
        HttpResponse<String> recovered = api("GET", "/retailer/orders", null);
        assertThat(recovered.statusCode()).isEqualTo(200);
        assertThat(recovered.headers().firstValue("x-ratelimit-remaining")).hasValue("2");
    }

    @Test
    void callFaultsOnAPathLeaveTheOtherCallsAlone() throws Exception {
        start(Map.of());
        String orderId = json(placeOrder(SOCK.ean(), 1)).path("orderId").asText();
        admin("PUT", "/_sandbox/faults", "{\"serverErrors\":1,\"path\":\"/retailer/orders/" + orderId + "\"}");
        assertThat(api("GET", "/retailer/orders", null).statusCode()).isEqualTo(200);
        assertThat(api("GET", "/retailer/offers/" + SOCK.bolOfferId(), null).statusCode()).isEqualTo(200);
        assertThat(api("GET", "/retailer/orders/" + orderId, null).statusCode()).isEqualTo(503);
        assertThat(api("GET", "/retailer/orders/" + orderId, null).statusCode()).isEqualTo(200);
        assertThat(admin("GET", "/_sandbox/faults", null).path("serverErrors").asInt()).isZero();
    }

    @Test
    void faultSwitchesGiveA429StormAndA5xxBurstThatEnd() throws Exception {
        start(Map.of("throttle-retry-after", "3s", "server-error-status", "503"));
        admin("PUT", "/_sandbox/faults", "{\"throttles\":2,\"serverErrors\":1}");
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> throttled = api("GET", "/retailer/orders", null);
            assertProblem(throttled, 429);
            assertThat(throttled.headers().firstValue("Retry-After")).hasValue("3");
        }
        assertProblem(api("GET", "/retailer/orders", null), 503);
        assertThat(api("GET", "/retailer/orders", null).statusCode()).isEqualTo(200);
        JsonNode calls = admin("GET", "/_sandbox/calls?path=/retailer/orders", null);
        assertThat(calls.findValuesAsText("status")).containsExactly("429", "429", "503", "200");
    }

    @Test
    void processingFinishesOnTheRealClock() throws Exception {
        var settings = SandboxProperties.bind("omnihub.sandbox.bol", BolSandboxProperties.class,
                Map.of("port", "0", "processing-delay", "300ms"));
        sandbox = BolSandbox.start(settings, COMMON, RETAILER, Clock.systemUTC());
        token = json(requestToken(basic("omnihub-sandbox-client", "omnihub-sandbox-secret"), "grant_type=client_credentials"))
                .path("access_token").asText();
        String id = json(api("PUT", "/retailer/offers/" + SOCK.bolOfferId() + "/stock", "{\"amount\":0,\"managedByRetailer\":true}"))
                .path("processStatusId").asText();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() ->
                json(api("GET", "/shared/process-status/" + id, null)).path("status").asText().equals("SUCCESS"));
        assertThat(sandbox.state().offer(SOCK.bolOfferId()).orElseThrow().stock().amount()).isZero();
    }

    // helpers

    private void start(Map<String, String> overrides) throws Exception {
        Map<String, String> settings = new HashMap<>(overrides);
        settings.put("port", "0");
        sandbox = BolSandbox.start(SandboxProperties.bind("omnihub.sandbox.bol", BolSandboxProperties.class, settings),
                COMMON, RETAILER, clock);
        token = json(requestToken(basic("omnihub-sandbox-client", "omnihub-sandbox-secret"), "grant_type=client_credentials"))
                .path("access_token").asText();
    }

    private URI uri(String path) {
        return URI.create(sandbox.baseUrl() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> requestToken(String authorization, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    /** A call as the hub makes it: bearer token, v10 Accept, and v10 Content-Type with a body. */
    private HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Accept", V10)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", V10);
        }
        return send(request);
    }

    private JsonNode admin(String method, String path, String body) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
        return json(response);
    }

    /** Places an order through the admin API: pairs of EAN and quantity. */
    private HttpResponse<String> placeOrder(Object... eanAndQuantity) throws Exception {
        var items = JSON.createArrayNode();
        for (int i = 0; i < eanAndQuantity.length; i += 2) {
            items.addObject().put("ean", (String) eanAndQuantity[i]).put("quantity", (Integer) eanAndQuantity[i + 1]);
        }
        return send(HttpRequest.newBuilder(uri("/_sandbox/orders")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().set("items", items).toString())));
    }

    /** Admin POST answered as it is, refusals included. */
    private HttpResponse<String> adminPost(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The order as GET /retailer/orders (OPEN) lists it, or null when it is not listed. */
    private JsonNode listedOrder(String orderId) throws Exception {
        for (JsonNode order : json(api("GET", "/retailer/orders", null)).path("orders")) {
            if (order.path("orderId").asText().equals(orderId)) {
                return order;
            }
        }
        return null;
    }

    private int shippedOf(String orderId) throws Exception {
        return json(api("GET", "/retailer/orders/" + orderId, null)).path("orderItems").get(0).path("quantityShipped").asInt();
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** bol's problem body: the status, with type, title, detail and host, in bol's media type (plain JSON from the login). */
    private static void assertProblem(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        String mediaType = response.uri().getPath().equals("/token") ? "application/json" : V10;
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith(mediaType));
        JsonNode problem = json(response);
        assertThat(problem.path("type").asText()).isEqualTo("https://api.bol.com/problems");
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(problem.path("host").asText()).isNotBlank();
    }

    /** Every non-null field of {@code expected} is in {@code actual} with the same JSON type, recursively (arrays by their first item). */
    private static void assertSameShape(JsonNode expected, JsonNode actual, String path) {
        if (expected.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = expected.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getValue().isNull()) {
                    assertThat(actual.has(field.getKey())).as(path + "/" + field.getKey()).isTrue();
                    assertSameShape(field.getValue(), actual.get(field.getKey()), path + "/" + field.getKey());
                }
            }
        } else if (expected.isArray()) {
            assertThat(actual.isArray() && !actual.isEmpty()).as(path).isTrue();
            assertSameShape(expected.get(0), actual.get(0), path + "/0");
        } else {
            assertThat(actual.getNodeType()).as(path).isEqualTo(expected.getNodeType());
        }
    }

    /** A clock the test moves by hand. */
    private static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant start) {
            now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
