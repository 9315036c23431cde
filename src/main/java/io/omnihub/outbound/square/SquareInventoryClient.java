package io.omnihub.outbound.square;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.mapping.MappingException;
import io.omnihub.outbound.OutboundProperties;
import io.omnihub.outbound.spi.Answer;
import io.omnihub.outbound.spi.Attempts;
import io.omnihub.outbound.spi.Call;
import io.omnihub.outbound.spi.CallOutcome;
import io.omnihub.outbound.spi.ClientSupport;
import io.omnihub.outbound.spi.DeliveryFailure;
import io.omnihub.outbound.spi.DeliveryOutcome;
import io.omnihub.outbound.spi.PendingChange;
import io.omnihub.outbound.spi.RateGovernor;
import io.omnihub.outbound.spi.Target;
import io.omnihub.outbound.spi.TargetClient;

/**
 * Availability to the Square tills as PHYSICAL_COUNT changes: up to 100 per
 * {@code POST /v2/inventory/changes/batch-create} with an idempotency key (the same on every retry
 * of the batch, so Square applies it once). Square validates a batch whole: a change it refuses
 * (named by its field, e.g. {@code changes[3].physical_count.location_id}) goes to the dead-letter
 * inbox and the rest goes again under a new key. Square publishes no rate limit and answers 429
 * without Retry-After, so the hub paces itself at a setting and backs off on 429.
 */
public final class SquareInventoryClient implements TargetClient {

    static final String MAPPING = "square/inventory-count.out";

    /** Square's final answer to a batch: HTTP status, body, and the id of its call record. */
    private record Reply(int status, JsonNode body, long callId) {
    }
    private static final Pattern CHANGE_FIELD = Pattern.compile("^changes\\[(\\d+)]");

    private final OutboundProperties.Square settings;
    private final Target target;
    private final ClientSupport support;
    private final HttpClient http;
    private final URI batchCreate;
    private final RateGovernor governor;

    public SquareInventoryClient(OutboundProperties.Square settings, ClientSupport support) {
        if (settings.accessToken().isBlank()) {
            throw new IllegalStateException("omnihub.outbound.square.base-url is set (" + settings.baseUrl()
                    + ") but no access token: set OMNIHUB_SQUARE_ACCESS_TOKEN");
        }
        this.settings = settings;
        this.target = settings.target();
        this.support = support;
        this.http = support.httpClient(settings.timeout());
        this.batchCreate = URI.create(settings.baseUrl().replaceAll("/+$", "") + "/v2/inventory/changes/batch-create");
        this.governor = support.governor(target, "calls", settings.rate(), settings.rate());
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public int maxBatch() {
        return settings.batchSize();
    }

    @Override
    public int maxInFlight() {
        return settings.maxInFlight();
    }

    @Override
    public boolean keyedByLocation() {
        return true;
    }

    @Override
    public CompletableFuture<Map<Long, DeliveryOutcome>> deliver(List<PendingChange> batch) {
        Map<Long, DeliveryOutcome> outcomes = new ConcurrentHashMap<>();
        Map<PendingChange, JsonNode> toSend = new LinkedHashMap<>();
        for (PendingChange change : batch) {
            if (change.targetQuantity() != null && change.targetQuantity() == change.quantity()) {
                outcomes.put(change.positionId(), new DeliveryOutcome.Delivered(change.quantity()));
                continue;
            }
            try {
                toSend.put(change, support.map(MAPPING, change, target));
            } catch (MappingException | IllegalArgumentException e) {
                outcomes.put(change.positionId(), new DeliveryOutcome.Failed(e.getMessage(), 0, null, null));
            }
        }
        return send(new ArrayList<>(toSend.keySet()), toSend, outcomes)
                .handle((ignored, error) -> {
                    for (PendingChange change : toSend.keySet()) {
                        outcomes.computeIfAbsent(change.positionId(), id -> new DeliveryOutcome.Failed(
                                error == null ? "no outcome" : Attempts.describe(error), DeliveryFailure.attemptsOf(error), toSend.get(change),
                                null));
                    }
                    return outcomes;
                });
    }

    private CompletableFuture<Void> send(List<PendingChange> changes, Map<PendingChange, JsonNode> mapped,
            Map<Long, DeliveryOutcome> outcomes) {
        if (changes.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        String key = UUID.randomUUID().toString();
        ObjectNode body = support.json().createObjectNode();
        body.put("idempotency_key", key);
        changes.forEach(change -> body.withArray("changes").add(mapped.get(change)));
        body.put("ignore_unchanged_counts", true);
        HttpRequest request = HttpRequest.newBuilder(batchCreate).timeout(settings.timeout())
                .header("Authorization", "Bearer " + settings.accessToken())
                .header("Square-Version", settings.squareVersion())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return support.attempts().<Reply>send(governor, 1, attempt -> {
            Call.Started call = Call.start(target, "batch-create", key, attempt, changes);
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .handle((response, error) -> answer(call, response, error));
        }).thenCompose(reply -> settle(reply, changes, mapped, outcomes));
    }

    private Answer<Reply> answer(Call.Started call, HttpResponse<String> response, Throwable error) {
        if (error != null) {
            String problem = Attempts.describe(error);
            support.calls().record(call.end(null, CallOutcome.ERROR, problem, null));
            return Answer.failedTransiently(problem);
        }
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        String errors = body.path("errors").toString();
        if (status == 429) {
            support.calls().record(call.end(status, CallOutcome.THROTTLED, errors, null));
            return Answer.throttled(Duration.ZERO);
        }
        if (status >= 500 || body.isMissingNode()) {
            support.calls().record(call.end(status, CallOutcome.ERROR, errors, null));
            return Answer.failedTransiently("Square answered HTTP " + status + " " + errors);
        }
        long id = support.calls().record(call.end(status, status == 200 ? CallOutcome.ACKNOWLEDGED : CallOutcome.REJECTED,
                status == 200 ? null : errors, null));
        return Answer.done(new Reply(status, body, id));
    }

    private CompletableFuture<Void> settle(Reply reply, List<PendingChange> sent, Map<PendingChange, JsonNode> mapped,
            Map<Long, DeliveryOutcome> outcomes) {
        if (reply.status() == 200) {
            Map<String, Integer> counts = new HashMap<>();
            for (JsonNode count : reply.body().path("counts")) {
                if ("IN_STOCK".equals(count.path("state").asText())) {
                    counts.put(count.path("catalog_object_id").asText() + "@" + count.path("location_id").asText(),
                            new BigDecimal(count.path("quantity").asText("0")).setScale(0, RoundingMode.HALF_EVEN).intValue());
                }
            }
            for (JsonNode recorded : reply.body().path("changes")) {
                JsonNode count = recorded.path("physical_count");
                support.learn(target.system(), "inventory-change", count.path("id").asText(), "outbound-call/"
                        + reply.callId() + "/" + count.path("catalog_object_id").asText() + "@"
                        + count.path("location_id").asText());
            }
            // what Square counts now: the hub's figure, or a count taken at the till after it (occurred_at order)
            sent.forEach(change -> {
                JsonNode physical = mapped.get(change).path("physical_count");
                Integer held = counts.get(physical.path("catalog_object_id").asText() + "@" + physical.path("location_id").asText());
                outcomes.put(change.positionId(), new DeliveryOutcome.Delivered(held != null ? held : change.quantity()));
            });
            return CompletableFuture.completedFuture(null);
        }
        List<PendingChange> refused = new ArrayList<>();
        for (JsonNode error : reply.body().path("errors")) {
            Matcher index = CHANGE_FIELD.matcher(error.path("field").asText(""));
            if (index.find() && Integer.parseInt(index.group(1)) < sent.size()) {
                PendingChange change = sent.get(Integer.parseInt(index.group(1)));
                refused.add(change);
                outcomes.put(change.positionId(), new DeliveryOutcome.Failed("Square refused " + change.key() + ": "
                        + error.path("code").asText() + " " + error.path("detail").asText(), 1, mapped.get(change), null));
            }
        }
        if (refused.isEmpty()) {
            sent.forEach(change -> outcomes.put(change.positionId(), new DeliveryOutcome.Failed("Square refused the batch: HTTP "
                    + reply.status() + " " + reply.body().path("errors"), 1, mapped.get(change), null)));
            return CompletableFuture.completedFuture(null);
        }
        // Square applied nothing of the batch: the others go again, under a new key
        List<PendingChange> rest = sent.stream().filter(change -> !refused.contains(change)).toList();
        return send(rest, mapped, outcomes);
    }

    private JsonNode parse(String body) {
        try {
            JsonNode json = body == null || body.isBlank() ? null : support.json().readTree(body);
            return json != null && json.isObject() ? json : MissingNode.getInstance();
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
