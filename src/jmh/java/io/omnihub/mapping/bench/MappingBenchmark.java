package io.omnihub.mapping.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.omnihub.canonical.CanonicalSchemas;
import io.omnihub.canonical.SchemaViolation;

/**
 * Decides the mapping language (docs/decisions/0004-mapping-language.md): the same mappings in
 * JSONata, JSLT and hand-written Jackson (the baseline), on real payload shapes, one thread.
 *
 * <ul>
 *   <li>{@code inventoryDelta}: a Square inventory.count.updated webhook (0.9 KB) as bytes → canonical
 *       inventory-level records → validated against the canonical schema → Shopify
 *       inventorySetQuantities variables → bytes.</li>
 *   <li>{@code shopifyOrder}: a Shopify orders/create webhook (about 4.5 KB) as bytes → canonical order.</li>
 * </ul>
 *
 * Run: {@code ./mvnw -Pjmh test-compile exec:exec -Djmh.args="MappingBenchmark -prof gc"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class MappingBenchmark {

    @Param({"jackson", "jsonata", "jslt"})
    public String engine;

    private byte[] squareWebhook;
    private byte[] shopifyOrder;
    private BenchMapping squareIn;
    private BenchMapping shopifyOut;
    private BenchMapping orderIn;
    private CanonicalSchemas schemas;

    @Setup
    public void setUp() {
        squareWebhook = BenchMapping.bytes("square-inventory-count.json");
        shopifyOrder = BenchMapping.bytes("shopify-order.json");
        Xref xref = referenceRetailerIds();
        schemas = new CanonicalSchemas(List.of("inventory-level", "order"));
        switch (engine) {
            case "jackson" -> {
                squareIn = BenchMapping.jackson(InventoryJackson::squareCountsIn, xref);
                shopifyOut = BenchMapping.jackson(InventoryJackson::shopifySetOut, xref);
                orderIn = BenchMapping.jackson(ShopifyOrderJackson::map, xref);
            }
            case "jsonata" -> {
                squareIn = BenchMapping.jsonata("square-inventory-count.in.jsonata", xref);
                shopifyOut = BenchMapping.jsonata("shopify-inventory-set.out.jsonata", xref);
                orderIn = BenchMapping.jsonata("shopify-order.in.jsonata", xref);
            }
            case "jslt" -> {
                squareIn = BenchMapping.jslt("square-inventory-count.in.jslt", xref);
                shopifyOut = BenchMapping.jslt("shopify-inventory-set.out.jslt", xref);
                orderIn = BenchMapping.jslt("shopify-order.in.jslt", xref);
            }
            default -> throw new IllegalArgumentException(engine);
        }
        checkOutputs();
    }

    /** Every engine must produce the same result, or the comparison means nothing. */
    private void checkOutputs() {
        try {
            JsonNode set = BenchMapping.JSON.readTree(inventoryDelta());
            JsonNode expectedSet = BenchMapping.JSON.readTree(BenchMapping.bytes("shopify-inventory-set.expected.json"));
            if ("jslt".equals(engine)) {
                // JSLT drops null-valued keys: it cannot write Shopify's required "changeFromQuantity": null (ADR 0004)
                expectedSet.path("input").path("quantities")
                        .forEach(q -> ((ObjectNode) q).remove("changeFromQuantity"));
            }
            requireEqual("inventoryDelta", expectedSet, set);
            requireEqual("shopifyOrder", BenchMapping.JSON.readTree(BenchMapping.bytes("shopify-order.expected.json")),
                    shopifyOrder());
            List<SchemaViolation> violations = schemas.validate("order", shopifyOrder());
            if (!violations.isEmpty()) {
                throw new IllegalStateException(engine + " produced an invalid order: " + violations);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void requireEqual(String benchmark, JsonNode expected, JsonNode actual) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(engine + " " + benchmark + " differs from the expected output:\n"
                    + actual.toPrettyString());
        }
    }

    @Benchmark
    public byte[] inventoryDelta() throws IOException {
        JsonNode levels = squareIn.apply(BenchMapping.JSON.readTree(squareWebhook));
        for (JsonNode level : levels) {
            List<SchemaViolation> violations = schemas.validate("inventory-level", level);
            if (!violations.isEmpty()) {
                throw new IllegalStateException(engine + " produced an invalid inventory-level: " + violations);
            }
        }
        return BenchMapping.JSON.writeValueAsBytes(shopifyOut.apply(levels));
    }

    @Benchmark
    public JsonNode shopifyOrder() throws IOException {
        return orderIn.apply(BenchMapping.JSON.readTree(shopifyOrder));
    }

    /** The reference retailer's ids as the registry would hold them; the order's follow "system:entity:id". */
    private Xref referenceRetailerIds() {
        Map<String, String> toCanonical = new HashMap<>();
        Map<String, String> toExternal = new HashMap<>();
        toCanonical.put("square|product|FGQ5HJXZQJ4NW5RJ3VKQAMLB", "TR2-LW-GRN");
        toCanonical.put("square|product|W3ZJ5A6XKQH2YV7TPL4BNC2E", "TR2-LW-ORG");
        toCanonical.put("square|location|L8RWN7ZDWRXKX", "UTR-01");
        toExternal.put("shopify|inventory-item|TR2-LW-GRN", "gid://shopify/InventoryItem/44120341102646");
        toExternal.put("shopify|inventory-item|TR2-LW-ORG", "gid://shopify/InventoryItem/44120341135414");
        toExternal.put("shopify|location|UTR-01", "gid://shopify/Location/71234560001");
        try {
            JsonNode order = BenchMapping.JSON.readTree(shopifyOrder);
            shopifyId(toCanonical, "order", order.path("id"));
            shopifyId(toCanonical, "customer", order.path("customer").path("id"));
            shopifyId(toCanonical, "location", order.path("location_id"));
            order.path("line_items").forEach(line -> shopifyId(toCanonical, "order-line", line.path("id")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Xref(toCanonical, toExternal);
    }

    private static void shopifyId(Map<String, String> toCanonical, String entity, JsonNode id) {
        if (!id.isMissingNode() && !id.isNull()) {
            toCanonical.put("shopify|" + entity + "|" + id.asText(), "shopify:" + entity + ":" + id.asText());
        }
    }
}
