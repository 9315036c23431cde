package io.omnihub.outbound.bol;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

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
 * bol.com's Retailer API v10 as the stock client uses it: bearer token, v10 media types, one
 * request sent until answered for good with every attempt recorded, and bol's rate limits followed
 * per rule. Two things pace a rule: the governor spreads the calls at bol's limit per window (with
 * a few calls of slack, so a stalled thread's share is made up), and a {@link FixedWindowBudget} fed
 * by every answer's x-ratelimit-remaining holds a call while bol's current window has no room for it
 * and the calls still under way. A 429 (a window someone else filled, say) sends that one call again
 * once the window is over: at its end as the hub knows it, never later than bol's Retry-After.
 */
final class BolRetailerApi {

    static final String V10_JSON = "application/vnd.retailer.v10+json";

    /** The final answer (status and JSON body) and its call record's id. */
    record Reply(int status, JsonNode body, long callId) {

        /** bol's problem detail, or the status when it sent none. */
        String problem() {
            String detail = body.path("detail").asText("");
            JsonNode violations = body.path("violations");
            return "HTTP " + status + (detail.isEmpty() ? "" : ": " + detail) + (violations.isArray() && !violations.isEmpty() ? " " + violations : "");
        }
    }

    /** How a final answer is recorded: the call's outcome, and each change's where one call ends differently for them. */
    interface Verdict {
        CallOutcome outcome(int status, JsonNode body);

        /** By position id; empty when every change ended as the call did. */
        default Map<Long, CallOutcome> changeOutcomes(int status, JsonNode body) {
            return Map.of();
        }
    }

    private final Target target;
    private final ClientSupport support;
    private final HttpClient http;
    private final URI base;
    private final Duration timeout;
    private final BolAccessToken token;
    private final double rateUse;
    private final Duration rateWindow;
    private final Map<RateGovernor, Rule> rules = new ConcurrentHashMap<>();

    /** One of bol's rate rules: its window, the limit bol last sent, and the room left in the window. */
    private record Rule(Duration window, FixedWindowBudget budget) {
    }

    BolRetailerApi(OutboundProperties.Bol settings, Target target, ClientSupport support) {
        this.target = target;
        this.support = support;
        this.http = support.httpClient(settings.timeout());
        this.base = URI.create(settings.baseUrl().replaceAll("/+$", ""));
        this.timeout = settings.timeout();
        this.token = new BolAccessToken(http, URI.create(settings.tokenUrl()), settings.clientId(), settings.clientSecret(),
                settings.timeout(), support.json());
        this.rateUse = settings.rateUse();
        this.rateWindow = settings.rateWindow();
    }

    /** A governor for one of bol's rate rules: {@code perWindow} calls per window (times rate-use), spread evenly. */
    RateGovernor governor(String rule, int perWindow) {
        return governor(rule, perWindow, rateWindow);
    }

    /**
     * A governor for a rule with its own window: bol sends the limit but not the window, and the order
     * reads are counted over minutes (e.g. 7 list calls per 3 minutes), not per second.
     */
    RateGovernor governor(String rule, int perWindow, Duration window) {
        RateGovernor governor = support.governor(target, rule, slack(perWindow), pace(perWindow, window));
        rules.put(governor, new Rule(window, new FixedWindowBudget(perWindow, window, support.scheduler())));
        return governor;
    }

    /**
     * Sends a request until answered for good: 5xx, no answer and a refused token are retried, 429
     * waits on the governor. Any other answer is final and recorded as {@code verdict} says.
     */
    CompletableFuture<Reply> send(RateGovernor governor, String operation, String method, String path, String json,
            String requestKey, List<PendingChange> changes, Verdict verdict) {
        FixedWindowBudget budget = rules.get(governor).budget();
        return support.attempts().send(governor, 1, attempt -> token.get().thenCompose(bearer -> budget.admit().thenCompose(ticket -> {
                Call.Started call = Call.start(target, operation, requestKey, attempt, changes);
                HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                        .header("Authorization", "Bearer " + bearer)
                        .header("Accept", V10_JSON);
                if (json != null) {
                    request.header("Content-Type", V10_JSON).method(method, HttpRequest.BodyPublishers.ofString(json));
                } else {
                    request.method(method, HttpRequest.BodyPublishers.noBody());
                }
                return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                        .handle((response, error) -> answer(call, governor, budget, ticket, bearer, response, error, verdict));
            })));
    }

    private Answer<Reply> answer(Call.Started call, RateGovernor governor, FixedWindowBudget budget, FixedWindowBudget.Ticket ticket,
            String bearer, HttpResponse<String> response, Throwable error, Verdict verdict) {
        if (error != null) {
            budget.unanswered(ticket);
            String problem = Attempts.describe(error);
            support.calls().record(call.end(null, CallOutcome.ERROR, problem, null));
            return Answer.failedTransiently(problem);
        }
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        Duration windowOver = followLimits(governor, budget, ticket, response.headers(), status == 429);
        if (status == 429) {
            // the window's end as the hub knows it, never later than bol's Retry-After (whole seconds)
            support.calls().record(call.end(status, CallOutcome.THROTTLED, "Retry-After "
                    + response.headers().firstValue("Retry-After").orElse("-") + " s, again in " + windowOver.toMillis() + " ms", null));
            return Answer.throttled(windowOver);
        }
        if (status >= 500) {
            Reply reply = new Reply(status, body, 0);
            support.calls().record(call.end(status, CallOutcome.ERROR, reply.problem(), null));
            return Answer.failedTransiently("bol.com answered " + reply.problem());
        }
        if (status == 401) {
            // the token lapsed early or was revoked: the next attempt fetches a new one
            token.invalidate(bearer);
            support.calls().record(call.end(status, CallOutcome.ERROR, "token refused: " + body.path("detail").asText(), null));
            return Answer.failedTransiently("bol.com refused the access token");
        }
        CallOutcome outcome = verdict.outcome(status, body);
        Map<Long, CallOutcome> changeOutcomes = verdict.changeOutcomes(status, body);
        Reply detail = new Reply(status, body, 0);
        long id = support.calls().record(call.end(status, outcome,
                outcome == CallOutcome.REJECTED ? detail.problem()
                        : changeOutcomes.isEmpty() ? body.path("status").asText(null) : tally(changeOutcomes),
                body.path("processStatusId").asText(null), changeOutcomes));
        return Answer.done(new Reply(status, body, id));
    }

    /** e.g. "ACKNOWLEDGED 48, PENDING 2": how the changes of one call ended. */
    private static String tally(Map<Long, CallOutcome> changeOutcomes) {
        Map<CallOutcome, Long> counts = new EnumMap<>(CallOutcome.class);
        changeOutcomes.values().forEach(outcome -> counts.merge(outcome, 1L, Long::sum));
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /**
     * Keeps the rule's pace at bol's limit and its budget at bol's count; answers how long until the
     * call's window is over.
     */
    private Duration followLimits(RateGovernor governor, FixedWindowBudget budget, FixedWindowBudget.Ticket ticket,
            HttpHeaders headers, boolean throttled) {
        long limit = headers.firstValueAsLong("x-ratelimit-limit").orElse(-1);
        long remaining = throttled ? 0 : headers.firstValueAsLong("x-ratelimit-remaining").orElse(-1);
        if (limit > 0) {
            governor.observeLimit(slack((int) limit), pace((int) limit, rules.get(governor).window()));
        }
        Duration retryAfter = throttled ? headers.firstValue("Retry-After").map(BolRetailerApi::seconds).orElse(null) : null;
        return budget.answered(ticket, limit, remaining, retryAfter);
    }

    /** Calls per second for a limit of {@code perWindow} per window, at the configured share of it. */
    private double pace(int perWindow, Duration window) {
        return perWindow * rateUse * 1000.0 / window.toMillis();
    }

    /**
     * Calls the governor may hold in hand: a fifth of the window's limit, so the share a stalled thread
     * missed goes out when it wakes; the budget keeps the catch-up within bol's window.
     */
    private static long slack(int perWindow) {
        return Math.max(1, perWindow / 5);
    }

    private JsonNode parse(String body) {
        try {
            JsonNode json = body == null || body.isBlank() ? null : support.json().readTree(body);
            return json == null ? MissingNode.getInstance() : json;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }
}
