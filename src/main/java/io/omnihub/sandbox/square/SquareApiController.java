package io.omnihub.sandbox.square;

import io.omnihub.sandbox.SandboxApi;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;

import io.omnihub.sandbox.square.SquareAccount.BatchChangeResponse;
import io.omnihub.sandbox.square.SquareInventory.Change;
import io.omnihub.sandbox.square.SquareInventory.Page;
import io.omnihub.sandbox.square.SquareInventory.Query;
import io.omnihub.sandbox.square.SquareInventory.State;
import io.omnihub.sandbox.square.SquareInventory.Type;
import io.omnihub.sandbox.square.SquareObjects.InventoryChange;
import io.omnihub.sandbox.square.SquareObjects.InventoryCount;
import io.omnihub.sandbox.square.SquareObjects.Location;
import io.omnihub.sandbox.square.SquareObjects.Order;

/**
 * The part of Square's API v2 the hub uses: locations, inventory writes and reads, and orders by id
 * (an order.created notification carries only the id). Bodies are read as text and validated
 * field by field, so every mistake gets Square's error naming the field.
 */
@SandboxApi
@RequestMapping("/v2")
class SquareApiController {

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Locations(List<Location> locations) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Counts(List<InventoryCount> counts, String cursor) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Changes(List<InventoryChange> changes, String cursor) {
    }

    record OrderResponse(Order order) {
    }

    private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 128;

    private final SquareAccount account;
    private final SquareSandboxProperties settings;
    private final ObjectMapper json;

    SquareApiController(SquareAccount account, SquareSandboxProperties settings, ObjectMapper json) {
        this.account = account;
        this.settings = settings;
        this.json = json;
    }

    @GetMapping("/locations")
    Locations locations() {
        return new Locations(account.locations());
    }

    @PostMapping("/inventory/changes/batch-create")
    BatchChangeResponse batchCreate(@RequestBody(required = false) String body) {
        JsonFields request = JsonFields.parse(json, body);
        String idempotencyKey = request.requiredString("idempotency_key");
        if (idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
            throw SquareApiException.invalid(idempotencyKey.isEmpty() ? "VALUE_TOO_SHORT" : "VALUE_TOO_LONG",
                    "`idempotency_key` must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters long.", "idempotency_key");
        }
        if (!request.has("changes")) {
            throw SquareApiException.invalid("MISSING_REQUIRED_PARAMETER", "Missing required parameter `changes`.", "changes");
        }
        List<JsonNode> elements = request.array("changes");
        if (elements.isEmpty() || elements.size() > settings.maxChangesPerBatch()) {
            throw SquareApiException.invalid(elements.isEmpty() ? "ARRAY_LENGTH_TOO_SHORT" : "ARRAY_LENGTH_TOO_LONG",
                    "`changes` must hold 1 to " + settings.maxChangesPerBatch() + " changes, not " + elements.size() + ".",
                    "changes");
        }
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            changes.add(change(request.element("changes", i, elements.get(i))));
        }
        boolean ignoreUnchanged = request.bool("ignore_unchanged_counts").orElse(true);
        return account.batchChange(idempotencyKey, request.node(), changes, ignoreUnchanged);
    }

    @PostMapping("/inventory/counts/batch-retrieve")
    Counts retrieveCounts(@RequestBody(required = false) String body) {
        Page<InventoryCount> page = account.counts(query(JsonFields.parse(json, body), false));
        return new Counts(page.items(), page.cursor());
    }

    @PostMapping("/inventory/changes/batch-retrieve")
    Changes retrieveChanges(@RequestBody(required = false) String body) {
        Page<InventoryChange> page = account.changes(query(JsonFields.parse(json, body), true));
        return new Changes(page.items(), page.cursor());
    }

    @GetMapping("/orders/{orderId}")
    OrderResponse order(@PathVariable String orderId) {
        return new OrderResponse(account.order(orderId).orElseThrow(() -> new SquareApiException(404,
                SquareApiException.INVALID_REQUEST, "NOT_FOUND", "Order `" + orderId + "` not found.", "order_id")));
    }

    private Change change(JsonFields change) {
        Type type = change.requiredEnum("type", Type.class);
        if (type == Type.PHYSICAL_COUNT) {
            JsonFields count = change.requiredObject("physical_count");
            State state = count.requiredEnum("state", State.class);
            if (state != State.IN_STOCK) {
                throw SquareApiException.invalid("INVALID_VALUE", "A physical count can only be taken of IN_STOCK.",
                        count.path("state"));
            }
            return new Change(type, item(count), store(count), null, state, count.requiredQuantity("quantity"),
                    count.requiredTime("occurred_at"), count.path());
        }
        JsonFields adjustment = change.requiredObject("adjustment");
        State from = adjustment.requiredEnum("from_state", State.class);
        State to = adjustment.requiredEnum("to_state", State.class);
        if (from == to) {
            throw SquareApiException.invalid("INVALID_VALUE", "An adjustment must move stock between two different states.",
                    adjustment.path("to_state"));
        }
        return new Change(type, item(adjustment), store(adjustment), from, to, adjustment.requiredQuantity("quantity"),
                adjustment.requiredTime("occurred_at"), adjustment.path());
    }

    private int item(JsonFields change) {
        String id = change.requiredString("catalog_object_id");
        return account.catalog().item(id).orElseThrow(() -> SquareApiException.invalid("NOT_FOUND",
                "Catalog object `" + id + "` not found.", change.path("catalog_object_id")));
    }

    private int store(JsonFields change) {
        String id = change.requiredString("location_id");
        return account.catalog().store(id, false).orElseThrow(() -> SquareApiException.invalid("NOT_FOUND",
                "Location `" + id + "` not found.", change.path("location_id")));
    }

    private Query query(JsonFields request, boolean changes) {
        int limit = request.integer("limit").orElse(settings.defaultPageSize());
        if (limit < 1 || limit > settings.maxPageSize()) {
            throw SquareApiException.invalid(limit < 1 ? "VALUE_TOO_LOW" : "VALUE_TOO_HIGH",
                    "`limit` must be between 1 and " + settings.maxPageSize() + ".", "limit");
        }
        return new Query(
                ids(request, "catalog_object_ids", id -> account.catalog().item(id)),
                ids(request, "location_ids", id -> account.catalog().store(id, false)),
                enums(request, "states", State.class),
                changes ? enums(request, "types", Type.class) : null,
                request.time("updated_after").orElse(null),
                changes ? request.time("updated_before").orElse(null) : null,
                request.string("cursor").orElse(null),
                limit);
    }

    /** The known ones of the ids in a filter (unknown ids match nothing); null when the filter is absent. */
    private static Set<Integer> ids(JsonFields request, String name, Function<String, Optional<Integer>> lookup) {
        if (!request.has(name)) {
            return null;
        }
        Set<Integer> known = new LinkedHashSet<>();
        request.strings(name).forEach(id -> lookup.apply(id).ifPresent(known::add));
        return known;
    }

    private static <E extends Enum<E>> Set<E> enums(JsonFields request, String name, Class<E> type) {
        if (!request.has(name)) {
            return null;
        }
        List<String> values = request.strings(name);
        Set<E> parsed = new LinkedHashSet<>();
        for (int i = 0; i < values.size(); i++) {
            parsed.add(JsonFields.enumValue(request.path(name) + "[" + i + "]", type, values.get(i)));
        }
        return parsed;
    }
}
