package io.omnihub.outbound.shopify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.outbound.OutboundProperties;
import io.omnihub.outbound.spi.Answer;
import io.omnihub.outbound.spi.Attempts;
import io.omnihub.outbound.spi.Call;
import io.omnihub.outbound.spi.CallOutcome;
import io.omnihub.outbound.spi.ClientSupport;
import io.omnihub.outbound.spi.PendingChange;
import io.omnihub.outbound.spi.RateGovernor;
import io.omnihub.outbound.spi.Target;

/**
 * The shop's Admin GraphQL endpoint as the inventory client uses it: one request sent until it is
 * answered for good, every attempt recorded, and the shop's cost bucket followed. Each answer's
 * {@code extensions.cost.throttleStatus} sets the governor's bucket size, restore rate and points
 * left; a THROTTLED answer pauses the shop until the points the query needs are restored.
 */
final class ShopifyAdminApi {

    /** The answer to one request: HTTP status and the JSON body (missing when the body was no JSON). */
    record Reply(int status, JsonNode body) {

        JsonNode data() {
            return body.path("data");
        }

        JsonNode errors() {
            return body.path("errors");
        }

        boolean throttled() {
            for (JsonNode error : errors()) {
                if ("THROTTLED".equals(error.path("extensions").path("code").asText())) {
                    return true;
                }
            }
            return false;
        }

        /** The errors' messages, or the HTTP status when there are none. */
        String problem() {
            if (errors().isArray() && !errors().isEmpty()) {
                StringBuilder messages = new StringBuilder();
                errors().forEach(e -> messages.append(messages.length() == 0 ? "" : "; ").append(e.path("message").asText()));
                return messages.toString();
            }
            return errors().isTextual() ? "HTTP " + status + ": " + errors().asText() : "HTTP " + status;
        }
    }

    /** How the final answer is recorded. */
    record Verdict(CallOutcome outcome, String detail, String targetRef) {
    }

    /** The final answer and the id of its call record. */
    record Result(Reply reply, long callId) {
    }

    private final Target target;
    private final ClientSupport support;
    private final HttpClient http;
    private final URI endpoint;
    private final String accessToken;
    private final Duration timeout;
    private final RateGovernor governor;

    ShopifyAdminApi(OutboundProperties.Shopify settings, Target target, ClientSupport support) {
        this.target = target;
        this.support = support;
        this.http = support.httpClient(settings.timeout());
        this.endpoint = URI.create(settings.baseUrl().replaceAll("/+$", "") + "/admin/api/" + settings.apiVersion()
                + "/graphql.json");
        this.accessToken = settings.accessToken();
        this.timeout = settings.timeout();
        // Shopify's Standard plan until the first answer tells the shop's own bucket
        this.governor = support.governor(target, "cost", 1000, 100);
    }

    RateGovernor governor() {
        return governor;
    }

    static String resource(String name) {
        try (InputStream in = ShopifyAdminApi.class.getResourceAsStream("/outbound/shopify/" + name)) {
            if (in == null) {
                throw new IllegalStateException("GraphQL document outbound/shopify/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code document} with {@code variables} until answered for good: 5xx and no answer are
     * retried, THROTTLED and 429 wait on the governor. A GraphQL answer (HTTP 200) and a refusal (4xx)
     * are final; {@code verdict} says how a 200 is recorded.
     *
     * @param cost the requested query cost, taken from the governor before every attempt
     */
    CompletableFuture<Result> execute(String operation, String document, ObjectNode variables, long cost,
            String requestKey, List<PendingChange> changes, Function<Reply, Verdict> verdict) {
        ObjectNode request = support.json().createObjectNode();
        request.put("query", document);
        request.set("variables", variables);
        HttpRequest http = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Shopify-Access-Token", accessToken)
                .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                .build();
        return support.attempts().send(governor, cost, attempt -> {
            Call.Started call = Call.start(target, operation, requestKey, attempt, changes);
            return this.http.sendAsync(http, HttpResponse.BodyHandlers.ofString())
                    .handle((response, error) -> answer(call, response, error, cost, verdict));
        });
    }

    private Answer<Result> answer(Call.Started call, HttpResponse<String> response, Throwable error, long cost,
            Function<Reply, Verdict> verdict) {
        if (error != null) {
            String problem = Attempts.describe(error);
            support.calls().record(call.end(null, CallOutcome.ERROR, problem, null));
            return Answer.failedTransiently(problem);
        }
        Reply reply = new Reply(response.statusCode(), parse(response.body()));
        Duration restore = followCost(reply.body().path("extensions").path("cost"), cost);
        if (reply.status() == 429 || reply.throttled()) {
            support.calls().record(call.end(reply.status(), CallOutcome.THROTTLED, reply.problem(), null));
            Duration retryAfter = response.headers().firstValue("Retry-After").map(ShopifyAdminApi::seconds).orElse(Duration.ZERO);
            return Answer.throttled(retryAfter.compareTo(restore) > 0 ? retryAfter : restore);
        }
        if (reply.status() >= 500 || reply.body().isMissingNode()) {
            support.calls().record(call.end(reply.status(), CallOutcome.ERROR, reply.problem(), null));
            return Answer.failedTransiently("Shopify answered " + reply.problem());
        }
        Verdict recorded = reply.status() == 200 ? verdict.apply(reply)
                : new Verdict(CallOutcome.REJECTED, "Shopify refused the request: " + reply.problem(), null);
        long id = support.calls().record(call.end(reply.status(), recorded.outcome(), recorded.detail(), recorded.targetRef()));
        return Answer.done(new Result(reply, id));
    }

    /**
     * Keeps the governor in step with the shop's bucket and answers how long until {@code cost}
     * points are there again (zero if they are).
     */
    private Duration followCost(JsonNode cost, long requested) {
        JsonNode status = cost.path("throttleStatus");
        if (!status.isObject()) {
            return Duration.ZERO;
        }
        double restoreRate = status.path("restoreRate").asDouble(governor.refillPerSecond());
        long maximum = status.path("maximumAvailable").asLong(governor.capacity());
        long available = status.path("currentlyAvailable").asLong(maximum);
        governor.observeLimit(maximum, restoreRate);
        governor.observeAvailable(available);
        long needed = cost.path("requestedQueryCost").isNumber() ? cost.path("requestedQueryCost").asLong() : requested;
        return needed <= available ? Duration.ZERO
                : Duration.ofMillis((long) Math.ceil((needed - available) * 1000.0 / restoreRate));
    }

    private JsonNode parse(String body) {
        try {
            JsonNode json = support.json().readTree(body);
            return json == null ? MissingNode.getInstance() : json;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static Duration seconds(String retryAfter) {
        try {
            return Duration.ofMillis((long) (Double.parseDouble(retryAfter.trim()) * 1000));
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }
}
