package io.omnihub.sandbox.shopify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import graphql.execution.directives.QueryAppliedDirective;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;

import io.omnihub.sandbox.shopify.ShopifyCatalog.InventoryItem;
import io.omnihub.sandbox.shopify.ShopifyCatalog.Location;
import io.omnihub.sandbox.shopify.ShopifyInventory.AdjustmentGroup;
import io.omnihub.sandbox.shopify.ShopifyInventory.InventoryChange;
import io.omnihub.sandbox.shopify.ShopifyInventory.Outcome;
import io.omnihub.sandbox.shopify.ShopifyInventory.QuantityUpdate;

/**
 * inventorySetQuantities and inventoryAdjustQuantities with their 2026-04 rules. Input that names
 * an unknown item or location, a wrong name, reason or document comes back as userErrors and
 * changes nothing; a stale changeFromQuantity anywhere in the batch leaves the whole batch unapplied.
 * Both mutations take {@code @idempotent(key:)}: a retry with the same key returns the first
 * answer; without the directive the call fails where 2026-04 requires it.
 */
final class InventoryMutations {

    public record UserError(String code, List<String> field, String message) {
    }

    public record Payload(AdjustmentGroup inventoryAdjustmentGroup, List<UserError> userErrors) {
    }

    /** Reasons Shopify accepts for inventory changes. */
    private static final List<String> REASONS = List.of("correction", "cycle_count_available", "damaged",
            "movement_canceled", "movement_created", "movement_received", "movement_updated", "other", "promotion",
            "quality_control", "received", "reservation_created", "reservation_deleted", "reservation_updated",
            "restock", "safety_stock", "shrinkage");
    private static final List<String> SET_NAMES = List.of(ShopifyInventory.AVAILABLE, ShopifyInventory.ON_HAND);
    private static final List<String> ADJUST_NAMES = List.of(ShopifyInventory.AVAILABLE, "damaged",
            ShopifyInventory.INCOMING, "quality_control", "reserved", "safety_stock");
    private static final int MAX_QUANTITY = 1_000_000_000;

    private final ShopifyState state;
    private final ShopifyCatalog catalog;
    private final boolean idempotencyRequiredForSet;

    InventoryMutations(ShopifyState state, boolean idempotencyRequiredForSet) {
        this.state = state;
        this.catalog = state.catalog();
        this.idempotencyRequiredForSet = idempotencyRequiredForSet;
    }

    void wire(RuntimeWiring.Builder wiring) {
        wiring.type("Mutation", type -> type
                .dataFetcher("inventorySetQuantities", env -> idempotent(env, idempotencyRequiredForSet, this::set))
                .dataFetcher("inventoryAdjustQuantities", env -> idempotent(env, true, this::adjust)));
        wiring.type("InventoryAdjustmentGroup", type -> type.dataFetcher("changes", InventoryMutations::changes));
    }

    private Payload idempotent(DataFetchingEnvironment env, boolean required, Function<Map<String, Object>, Payload> work) {
        Map<String, Object> input = env.getArgument("input");
        List<QueryAppliedDirective> directives = env.getQueryDirectives().getImmediateAppliedDirective("idempotent");
        if (directives.isEmpty()) {
            if (required) {
                throw new ApiError("The @idempotent directive is required for this mutation but was not provided.",
                        "BAD_REQUEST");
            }
            return work.apply(input);
        }
        String key = directives.get(0).getArgument("key").getValue();
        return state.once(key, List.of(env.getField().getName(), input), () -> work.apply(input))
                .orElseGet(() -> rejected(new UserError("IDEMPOTENCY_KEY_PARAMETER_MISMATCH", null,
                        "The same idempotency key cannot be used with different operation parameters.")));
    }

    private Payload set(Map<String, Object> input) {
        String name = (String) input.get("name");
        List<UserError> errors = common(input, name, SET_NAMES, "INVALID_NAME",
                "The quantity name must be either 'available' or 'on_hand'.");
        List<Map<String, Object>> quantities = list(input, "quantities");
        List<QuantityUpdate> updates = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < quantities.size(); i++) {
            Map<String, Object> q = quantities.get(i);
            List<String> path = List.of("input", "quantities", String.valueOf(i));
            Optional<InventoryItem> item = item(q, path, errors);
            Optional<Location> location = location(q, path, errors);
            int quantity = (Integer) q.get("quantity");
            if (!q.containsKey("changeFromQuantity")) {
                errors.add(new UserError(null, field(path, "changeFromQuantity"),
                        "InventoryQuantityInput must include the following argument: changeFromQuantity."));
            }
            if (quantity < 0) {
                errors.add(new UserError("INVALID_QUANTITY_NEGATIVE", field(path, "quantity"), "The quantity can't be negative."));
            } else if (quantity > MAX_QUANTITY) {
                errors.add(new UserError("INVALID_QUANTITY_TOO_HIGH", field(path, "quantity"),
                        "The quantity can't be higher than 1,000,000,000."));
            }
            if (!seen.add(q.get("inventoryItemId") + "@" + q.get("locationId"))) {
                errors.add(new UserError("NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR", path,
                        "The combination of inventoryItemId and locationId must be unique."));
            }
            if (item.isPresent() && location.isPresent()) {
                updates.add(new QuantityUpdate(item.get(), location.get(), name, quantity, true,
                        (Integer) q.get("changeFromQuantity"), null));
            }
        }
        return errors.isEmpty() ? apply(input, updates, "quantities") : rejected(errors);
    }

    private Payload adjust(Map<String, Object> input) {
        String name = (String) input.get("name");
        List<UserError> errors = common(input, name, ADJUST_NAMES, "INVALID_QUANTITY_NAME",
                "The specified quantity name is invalid. Valid values are: " + String.join(", ", ADJUST_NAMES) + ".");
        List<Map<String, Object>> changes = list(input, "changes");
        List<QuantityUpdate> updates = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            Map<String, Object> c = changes.get(i);
            List<String> path = List.of("input", "changes", String.valueOf(i));
            Optional<InventoryItem> item = item(c, path, errors);
            Optional<Location> location = location(c, path, errors);
            String ledger = (String) c.get("ledgerDocumentUri");
            if (ledger == null && !ShopifyInventory.AVAILABLE.equals(name)) {
                errors.add(new UserError("INVALID_LEDGER_DOCUMENT", field(path, "ledgerDocumentUri"),
                        "A ledger document URI is required for every quantity name except available."));
            } else if (ledger != null && ledger.startsWith("gid://shopify/")) {
                errors.add(new UserError("INTERNAL_LEDGER_DOCUMENT", field(path, "ledgerDocumentUri"),
                        "A ledger document URI can't refer to a Shopify resource."));
            } else if (ledger != null && !isUri(ledger)) {
                errors.add(new UserError("INVALID_LEDGER_DOCUMENT", field(path, "ledgerDocumentUri"),
                        "The specified ledger document is invalid."));
            }
            if (item.isPresent() && location.isPresent()) {
                updates.add(new QuantityUpdate(item.get(), location.get(), name, (Integer) c.get("delta"), false,
                        (Integer) c.get("changeFromQuantity"), ledger));
            }
        }
        return errors.isEmpty() ? apply(input, updates, "changes") : rejected(errors);
    }

    /** Checks shared by both mutations: the quantity name, the reason and the reference document. */
    private static List<UserError> common(Map<String, Object> input, String name, List<String> names, String nameCode,
            String nameMessage) {
        List<UserError> errors = new ArrayList<>();
        if (!names.contains(name)) {
            errors.add(new UserError(nameCode, List.of("input", "name"), nameMessage));
        }
        if (!REASONS.contains((String) input.get("reason"))) {
            errors.add(new UserError("INVALID_REASON", List.of("input", "reason"),
                    "The specified reason is invalid. Valid values are: " + String.join(", ", REASONS) + "."));
        }
        String document = (String) input.get("referenceDocumentUri");
        if (document != null && !isUri(document)) {
            errors.add(new UserError("INVALID_REFERENCE_DOCUMENT", List.of("input", "referenceDocumentUri"),
                    "The specified reference document is invalid."));
        }
        return errors;
    }

    private Payload apply(Map<String, Object> input, List<QuantityUpdate> updates, String listName) {
        Outcome outcome = state.inventory().apply((String) input.get("reason"), (String) input.get("referenceDocumentUri"), updates);
        if (outcome.group() != null) {
            return new Payload(outcome.group(), List.of());
        }
        return rejected(outcome.staleIndexes().stream()
                .map(i -> new UserError("CHANGE_FROM_QUANTITY_STALE", List.of("input", listName, String.valueOf(i), "changeFromQuantity"),
                        "The changeFromQuantity value does not match persisted value."))
                .toList());
    }

    private Optional<InventoryItem> item(Map<String, Object> entry, List<String> path, List<UserError> errors) {
        Optional<InventoryItem> item = catalog.inventoryItem((String) entry.get("inventoryItemId"));
        if (item.isEmpty()) {
            errors.add(new UserError("INVALID_INVENTORY_ITEM", field(path, "inventoryItemId"), "The specified inventory item could not be found."));
        }
        return item;
    }

    private Optional<Location> location(Map<String, Object> entry, List<String> path, List<UserError> errors) {
        Optional<Location> location = catalog.location((String) entry.get("locationId"));
        if (location.isEmpty()) {
            errors.add(new UserError("INVALID_LOCATION", field(path, "locationId"), "The specified location could not be found."));
        }
        return location;
    }

    private static Payload rejected(UserError error) {
        return rejected(List.of(error));
    }

    private static Payload rejected(List<UserError> errors) {
        return new Payload(null, List.copyOf(errors));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> input, String name) {
        return (List<Map<String, Object>>) input.get(name);
    }

    private static List<String> field(List<String> path, String name) {
        List<String> field = new ArrayList<>(path);
        field.add(name);
        return List.copyOf(field);
    }

    private static boolean isUri(String value) {
        try {
            return new URI(value).getScheme() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** InventoryAdjustmentGroup.changes, filtered by item, location and quantity name when asked. */
    private static List<InventoryChange> changes(DataFetchingEnvironment env) {
        List<String> items = env.getArgument("inventoryItemIds");
        List<String> locations = env.getArgument("locationIds");
        List<String> names = env.getArgument("quantityNames");
        return env.<AdjustmentGroup>getSource().changes().stream()
                .filter(c -> items == null || items.contains(c.item().id()))
                .filter(c -> locations == null || locations.contains(c.location().id()))
                .filter(c -> names == null || names.contains(c.name()))
                .toList();
    }
}
