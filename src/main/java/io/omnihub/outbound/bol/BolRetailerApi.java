package io.omnihub.outbound.bol;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

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
 * per rule. Each answer's x-ratelimit-limit sets the governor's pace (one call at a time, a share
 * of limit - 1 per window, so bol's fixed windows never overflow); a 429 lowers that share by a
 * tenth (arrivals can bunch) and answers within the limit raise it back slowly; x-ratelimit-remaining
 * 0 holds the rule for one interval, and a 429's Retry-After pauses it until bol's window resets.
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

    /** How a final answer is recorded. */
    interface Verdict {
        CallOutcome outcome(int status, JsonNode body);
    }

    private final Target target;
    private final ClientSupport support;
    private final HttpClient http;
    private final URI base;
    private final Duration timeout;
    private final BolAccessToken token;
    private final double rateUse;
    private final Duration rateWindow;
    private final Map<RateGovernor, Pace> paces = new ConcurrentHashMap<>();

    /**
     * How fast one rule goes: bol's limit as last seen, times a factor that a 429 lowers (calls that
     * left at the pace can still arrive bunched, on a busy machine or network) and that every answer
     * within the limit raises back a little.
     */
    private static final class Pace {
        final Duration window;
        volatile long limit;
        volatile double factor = 1.0;

        Pace(long limit, Duration window) {
            this.limit = limit;
            this.window = window;
        }
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

    /** A governor for one of bol's rate rules: one call at a time, at a share of {@code perWindow} calls per window. */
    RateGovernor governor(String rule, int perWindow) {
        return governor(rule, perWindow, rateWindow);
    }

    /**
     * A governor for a rule with its own window: bol sends the limit but not the window, and the order
     * reads are counted over minutes (e.g. 7 list calls per 3 minutes), not per second.
     */
    RateGovernor governor(String rule, int perWindow, Duration window) {
        RateGovernor governor = support.governor(target, rule, 1, pace(perWindow, window));
        paces.put(governor, new Pace(perWindow, window));
        return governor;
    }

    /**
     * Sends a request until answered for good: 5xx, no answer and a refused token are retried, 429
     * waits on the governor. Any other answer is final and recorded as {@code verdict} says.
     */
    CompletableFuture<Reply> send(RateGovernor governor, String operation, String method, String path, String json,
            String requestKey, List<PendingChange> changes, Verdict verdict) {
        return support.attempts().send(governor, 1, attempt -> {
            Call.Started call = Call.start(target, operation, requestKey, attempt, changes);
            return token.get().thenCompose(bearer -> {
                HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                        .header("Authorization", "Bearer " + bearer)
                        .header("Accept", V10_JSON);
                if (json != null) {
                    request.header("Content-Type", V10_JSON).method(method, HttpRequest.BodyPublishers.ofString(json));
                } else {
                    request.method(method, HttpRequest.BodyPublishers.noBody());
                }
                return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                        .handle((response, error) -> answer(call, governor, bearer, response, error, verdict));
            });
        });
    }

    private Answer<Reply> answer(Call.Started call, RateGovernor governor, String bearer, HttpResponse<String> response,
            Throwable error, Verdict verdict) {
        if (error != null) {
            String problem = Attempts.describe(error);
            support.calls().record(call.end(null, CallOutcome.ERROR, problem, null));
            return Answer.failedTransiently(problem);
        }
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        Duration reset = followLimits(governor, response.headers(), status == 429);
        if (status == 429) {
            Duration retryAfter = response.headers().firstValue("Retry-After").map(BolRetailerApi::seconds).orElse(reset);
            support.calls().record(call.end(status, CallOutcome.THROTTLED, "Retry-After " + retryAfter.toSeconds() + " s", null));
            return Answer.throttled(retryAfter);
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
        Reply detail = new Reply(status, body, 0);
        long id = support.calls().record(call.end(status, outcome,
                outcome == CallOutcome.REJECTED ? detail.problem() : body.path("status").asText(null),
                body.path("processStatusId").asText(null)));
        return Answer.done(new Reply(status, body, id));
    }

    /** Keeps the governor at a share of bol's limit; answers the time until the window resets. */
    private Duration followLimits(RateGovernor governor, HttpHeaders headers, boolean throttled) {
        long limit = headers.firstValueAsLong("x-ratelimit-limit").orElse(-1);
        long remaining = headers.firstValueAsLong("x-ratelimit-remaining").orElse(-1);
        Duration reset = Duration.ofSeconds(headers.firstValueAsLong("x-ratelimit-reset").orElse(1));
        Pace pace = paces.get(governor);
        if (limit > 0) {
            pace.limit = limit;
        }
        pace.factor = throttled ? Math.max(0.5, pace.factor * 0.9) : Math.min(1.0, pace.factor + 0.002);
        governor.observeLimit(1, pace((int) pace.limit, pace.window) * pace.factor);
        if (remaining == 0) {
            // bol rounds the reset up to whole seconds; at this pace the window is about to turn over, so
            // one interval's pause is enough (a 429 with Retry-After follows if someone else used it up)
            Duration interval = pace.window.dividedBy(Math.max(1, pace.limit));
            governor.pause(reset.compareTo(interval) < 0 ? reset : interval);
        }
        return reset;
    }

    /**
     * Calls per second for a limit of {@code perWindow} per fixed window: at most perWindow - 1 intervals
     * fit in one window, so the window's last call lands after it ends even when arrivals bunch.
     */
    private double pace(int perWindow, Duration window) {
        return Math.max(1, perWindow - 1) * rateUse * 1000.0 / window.toMillis();
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
