package io.omnihub.outbound.shopify;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.mapping.MappingException;
import io.omnihub.outbound.OutboundProperties;
import io.omnihub.outbound.spi.Attempts;
import io.omnihub.outbound.spi.CallOutcome;
import io.omnihub.outbound.spi.ClientSupport;
import io.omnihub.outbound.spi.DeliveryFailure;
import io.omnihub.outbound.spi.DeliveryOutcome;
import io.omnihub.outbound.spi.PendingChange;
import io.omnihub.outbound.spi.Target;
import io.omnihub.outbound.spi.TargetClient;

/**
 * Availability to Shopify as the "available" quantity of inventory levels: up to 250 levels per
 * inventorySetQuantities call, each with changeFromQuantity = what the hub knows Shopify holds, and an
 * {@code @idempotent} key per request (the same on every retry of it).
 *
 * <p>What Shopify holds is known from its last acknowledgement; for a level the hub has never
 * written it is read first (many levels per query). When Shopify answers CHANGE_FROM_QUANTITY_STALE
 * (its whole call then applies nothing), the stale levels are read again and recomputed, never
 * overwritten blindly: if the level moved after the hub computed its figure (an order on Shopify the
 * hub had not seen yet), that movement is applied to the hub's figure; if it moved before, the hub's
 * figure already counts it and stands. Then the batch goes again under a new key.
 */
public final class ShopifyInventoryClient implements TargetClient {

    static final String MAPPING = "shopify/inventory-set.out";
    private static final String SET_QUANTITIES = ShopifyAdminApi.resource("inventory-set-quantities.graphql");
    private static final String LEVEL_FRAGMENT = ShopifyAdminApi.resource("available-at-level.graphql");
    private static final long MUTATION_COST = 10;
    private static final long LEVEL_READ_COST = 2;

    /** One level in this delivery: where, what the hub wants there, and what Shopify holds. */
    private static final class Level {
        final PendingChange change;
        final String itemId;
        final String locationId;
        int quantity;
        Integer known;

        Level(PendingChange change, JsonNode mapped) {
            this.change = change;
            this.itemId = mapped.path("inventoryItemId").asText();
            this.locationId = mapped.path("locationId").asText();
            this.quantity = mapped.path("quantity").asInt();
            this.known = change.targetQuantity();
        }

        String levelId() {
            return "gid://shopify/InventoryLevel/" + numeric(locationId) + "?inventory_item_id=" + numeric(itemId);
        }

        private static String numeric(String gid) {
            return gid.substring(gid.lastIndexOf('/') + 1);
        }
    }

    private final OutboundProperties.Shopify settings;
    private final Target target;
    private final ClientSupport support;
    private final ShopifyAdminApi api;

    public ShopifyInventoryClient(OutboundProperties.Shopify settings, ClientSupport support) {
        if (settings.accessToken().isBlank()) {
            throw new IllegalStateException("omnihub.outbound.shopify.base-url is set (" + settings.baseUrl()
                    + ") but no access token: set OMNIHUB_SHOPIFY_ACCESS_TOKEN");
        }
        this.settings = settings;
        this.target = settings.target();
        this.support = support;
        this.api = new ShopifyAdminApi(settings, target, support);
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
        List<Level> levels = new ArrayList<>();
        for (PendingChange change : batch) {
            try {
                levels.add(new Level(change, support.map(MAPPING, change, target)));
            } catch (MappingException | IllegalArgumentException e) {
                outcomes.put(change.positionId(), new DeliveryOutcome.Failed(e.getMessage(), 0, null, null));
            }
        }
        List<Level> unknown = levels.stream().filter(l -> l.known == null).toList();
        return read(unknown, outcomes, false)
                .thenCompose(ignored -> set(levels, outcomes, 1))
                .handle((ignored, error) -> {
                    // whatever is left without an outcome failed with the request that was under way
                    for (Level level : levels) {
                        outcomes.computeIfAbsent(level.change.positionId(), id -> failed(level, error));
                    }
                    return outcomes;
                });
    }

    /** Reads what Shopify holds at these levels, in queries of readBatchSize levels; recomputes stale ones. */
    private CompletableFuture<Void> read(List<Level> levels, Map<Long, DeliveryOutcome> outcomes, boolean recompute) {
        CompletableFuture<Void> reads = CompletableFuture.completedFuture(null);
        for (int from = 0; from < levels.size(); from += settings.readBatchSize()) {
            List<Level> chunk = levels.subList(from, Math.min(levels.size(), from + settings.readBatchSize()));
            reads = reads.thenCompose(ignored -> readChunk(chunk, outcomes, recompute).exceptionally(error -> {
                chunk.forEach(level -> outcomes.putIfAbsent(level.change.positionId(), failed(level, error)));
                return null;
            }));
        }
        return reads;
    }

    private CompletableFuture<Void> readChunk(List<Level> chunk, Map<Long, DeliveryOutcome> outcomes, boolean recompute) {
        StringBuilder query = new StringBuilder("query ReadAvailable(");
        StringBuilder fields = new StringBuilder();
        ObjectNode variables = support.json().createObjectNode();
        for (int i = 0; i < chunk.size(); i++) {
            query.append(i == 0 ? "" : ", ").append("$l").append(i).append(": ID!");
            fields.append("  l").append(i).append(": inventoryLevel(id: $l").append(i).append(") { ...AvailableAtLevel }\n");
            variables.put("l" + i, chunk.get(i).levelId());
        }
        query.append(") {\n").append(fields).append("}\n").append(LEVEL_FRAGMENT);
        return api.execute("read-levels", query.toString(), variables, LEVEL_READ_COST * chunk.size(), null,
                changes(chunk), reply -> reply.errors().isArray() && !reply.errors().isEmpty()
                        ? new ShopifyAdminApi.Verdict(CallOutcome.REJECTED, reply.problem(), null)
                        : new ShopifyAdminApi.Verdict(CallOutcome.READ, null, null))
                .thenAccept(result -> {
                    JsonNode data = result.reply().data();
                    for (int i = 0; i < chunk.size(); i++) {
                        Level level = chunk.get(i);
                        JsonNode read = data.path("l" + i);
                        if (result.reply().status() != 200 || !data.isObject()) {
                            outcomes.putIfAbsent(level.change.positionId(), new DeliveryOutcome.Failed(
                                    "Shopify refused to read the level: " + result.reply().problem(), 1, null, level.known));
                        } else if (!read.isObject()) {
                            outcomes.putIfAbsent(level.change.positionId(), new DeliveryOutcome.Failed("Shopify has no "
                                    + "inventory level for " + level.change.key() + " (" + level.levelId() + "): the item is "
                                    + "not stocked at that location", 1, null, null));
                        } else {
                            JsonNode available = read.path("quantities").path(0);
                            learned(level, available.path("quantity").asInt(),
                                    available.path("updatedAt").isTextual() ? Instant.parse(available.path("updatedAt").asText()) : null,
                                    recompute);
                        }
                    }
                });
    }

    /**
     * Shopify holds {@code current}. After a stale answer, a movement on Shopify's side since the hub
     * computed its figure is applied to that figure (the hub has not counted it yet). Shopify's times
     * are whole seconds, so a movement in the same second may be one the hub's figure counts already
     * (the cancellation or the order that made it): then only a fall is applied, never a rise, so
     * Shopify is never told more than the hub has — unless the fall left Shopify at exactly the hub's
     * figure, which is the order the figure counts (applying it again took it off twice).
     */
    private static void learned(Level level, int current, Instant updatedAt, boolean recompute) {
        if (recompute && level.known != null && updatedAt != null) {
            int moved = current - level.known;
            Instant computedIn = level.change.eventTime().truncatedTo(ChronoUnit.SECONDS);
            boolean sameSecondFall = updatedAt.equals(computedIn) && moved < 0 && current != level.quantity;
            if (updatedAt.isAfter(computedIn) || sameSecondFall) {
                level.quantity = Math.max(0, level.quantity + moved);
            }
        }
        level.known = current;
    }

    /** Sets every level still open whose value Shopify lacks; the ones it holds already need no call. */
    private CompletableFuture<Void> set(List<Level> levels, Map<Long, DeliveryOutcome> outcomes, int round) {
        List<Level> toSend = new ArrayList<>();
        for (Level level : levels) {
            if (outcomes.containsKey(level.change.positionId())) {
                continue;
            }
            if (level.known != null && level.known == level.quantity) {
                outcomes.put(level.change.positionId(), new DeliveryOutcome.Delivered(level.quantity));
            } else {
                toSend.add(level);
            }
        }
        if (toSend.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        String key = UUID.randomUUID().toString();
        ObjectNode variables = support.json().createObjectNode();
        variables.put("idempotencyKey", key);
        ObjectNode input = variables.putObject("input");
        input.put("name", "available");
        input.put("reason", "correction");
        input.put("referenceDocumentUri", "omnihub://outbound/" + target.id() + "/" + key);
        ArrayNode quantities = input.putArray("quantities");
        for (Level level : toSend) {
            quantities.addObject().put("inventoryItemId", level.itemId).put("locationId", level.locationId)
                    .put("quantity", level.quantity).put("changeFromQuantity", level.known);
        }
        return api.execute("inventorySetQuantities", SET_QUANTITIES, variables, MUTATION_COST, key, changes(toSend),
                        ShopifyInventoryClient::verdict)
                .thenCompose(result -> settle(result, toSend, variables, outcomes, round));
    }

    private CompletableFuture<Void> settle(ShopifyAdminApi.Result result, List<Level> sent, ObjectNode request,
            Map<Long, DeliveryOutcome> outcomes, int round) {
        ShopifyAdminApi.Reply reply = result.reply();
        JsonNode payload = reply.data().path("inventorySetQuantities");
        String group = payload.path("inventoryAdjustmentGroup").path("id").asText(null);
        if (reply.status() == 200 && group != null) {
            sent.forEach(level -> outcomes.put(level.change.positionId(), new DeliveryOutcome.Delivered(level.quantity)));
            support.learn(target.system(), "inventory-adjustment-group", group, "outbound-call/" + result.callId());
            return CompletableFuture.completedFuture(null);
        }
        Map<Integer, JsonNode> errorsByIndex = new HashMap<>();
        for (JsonNode error : payload.path("userErrors")) {
            JsonNode field = error.path("field");
            if (field.size() >= 3 && "quantities".equals(field.path(1).asText()) && field.path(2).asText().matches("\\d+")) {
                errorsByIndex.put(Integer.parseInt(field.path(2).asText()), error);
            }
        }
        if (reply.status() != 200 || errorsByIndex.isEmpty()) {
            // refused as a whole (or nothing says which level is wrong): none of it can go as it is
            String problem = payload.path("userErrors").isEmpty() ? reply.problem() : payload.path("userErrors").toString();
            sent.forEach(level -> outcomes.put(level.change.positionId(),
                    new DeliveryOutcome.Failed("Shopify refused inventorySetQuantities: " + problem, round, request, level.known)));
            return CompletableFuture.completedFuture(null);
        }
        List<Level> stale = new ArrayList<>();
        errorsByIndex.forEach((index, error) -> {
            Level level = sent.get(index);
            if ("CHANGE_FROM_QUANTITY_STALE".equals(error.path("code").asText())) {
                stale.add(level);
            } else {
                outcomes.put(level.change.positionId(), new DeliveryOutcome.Failed("Shopify refused " + level.change.key()
                        + ": " + error.path("code").asText() + " " + error.path("message").asText(), round, request, level.known));
            }
        });
        if (!stale.isEmpty() && round >= settings.staleRounds()) {
            stale.forEach(level -> outcomes.put(level.change.positionId(), new DeliveryOutcome.Failed("changeFromQuantity "
                    + "still stale after " + round + " reads: the level keeps moving on Shopify", round, request, level.known)));
            stale.clear();
        }
        // Shopify applied nothing of the call: the rest goes again with the stale levels read anew
        return read(stale, outcomes, true).thenCompose(ignored -> set(sent, outcomes, round + 1));
    }

    private static ShopifyAdminApi.Verdict verdict(ShopifyAdminApi.Reply reply) {
        JsonNode payload = reply.data().path("inventorySetQuantities");
        String group = payload.path("inventoryAdjustmentGroup").path("id").asText(null);
        if (group != null) {
            return new ShopifyAdminApi.Verdict(CallOutcome.ACKNOWLEDGED, null, group);
        }
        JsonNode errors = payload.path("userErrors");
        boolean stale = false;
        for (JsonNode error : errors) {
            stale |= "CHANGE_FROM_QUANTITY_STALE".equals(error.path("code").asText());
        }
        String problem = errors.isEmpty() ? reply.problem() : errors.toString();
        return new ShopifyAdminApi.Verdict(stale ? CallOutcome.STALE : CallOutcome.REJECTED, problem, null);
    }

    private static DeliveryOutcome.Failed failed(Level level, Throwable error) {
        String problem = error == null ? "no outcome" : Attempts.describe(error);
        return new DeliveryOutcome.Failed(problem, DeliveryFailure.attemptsOf(error), null, level.known);
    }

    private static List<PendingChange> changes(List<Level> levels) {
        return levels.stream().map(l -> l.change).toList();
    }
}
