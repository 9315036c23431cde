package io.omnihub.mapping.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.omnihub.canonical.CanonicalSchemas;
import io.omnihub.mapping.IdLookup;
import io.omnihub.mapping.Mappings;

/**
 * The hub's own mapping engine on the production Shopify order mapping
 * ({@code mappings/shopify/order.in.jslt}, exact decimal functions), bytes → canonical order, to set
 * beside {@code MappingBenchmark.shopifyOrder} in the same run. Run from the project folder:
 * {@code ./mvnw -Pjmh test-compile exec:exec -Djmh.args="shopifyOrder|ProductionMappingBenchmark -prof gc"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ProductionMappingBenchmark {

    private static final Path FIXTURE = Path.of("mappings/shopify/fixtures/order.in--paid-shipping-with-discount");

    private byte[] order;
    private Mappings mappings;

    @Setup
    public void setUp() throws IOException {
        order = Files.readAllBytes(Path.of(FIXTURE + ".input.json"));
        // the fixture's ids follow "system:entity:id", as the registry's cache would answer them
        IdLookup ids = new IdLookup() {
            @Override
            public String canonicalId(String system, String entity, String externalId) {
                return system + ":" + entity + ":" + externalId;
            }

            @Override
            public Optional<String> knownCanonicalId(String system, String entity, String externalId) {
                return Optional.of(canonicalId(system, entity, externalId));
            }

            @Override
            public Optional<String> externalId(String system, String entity, String canonicalId) {
                return Optional.empty();
            }
        };
        mappings = new Mappings(Path.of("mappings"), ids, new CanonicalSchemas(List.of("inventory-level",
                "inventory-adjustment", "order")));
        JsonNode expected = BenchMapping.JSON.readTree(Files.readAllBytes(Path.of(FIXTURE + ".expected.json")));
        if (!expected.equals(shopifyOrderProduction())) {
            throw new IllegalStateException("The production mapping does not give the fixture's expected output");
        }
    }

    @Benchmark
    public JsonNode shopifyOrderProduction() throws IOException {
        return mappings.map("shopify/order.in", BenchMapping.JSON.readTree(order));
    }
}
