package io.omnihub.xref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.omnihub.mapping.Mappings;
import io.omnihub.support.HubIntegrationTest;

/** The ID registry on the hub's real database: H2 under `./mvnw verify`, PostgreSQL in .ci/run. */
class IdRegistryIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    IdRegistry registry;

    @Autowired
    JdbcClient jdbcClient;

    @Autowired
    Mappings mappings;

    @Test
    void concurrentFirstSightingsOfOneIdAgreeOnOneCanonicalId() throws Exception {
        int replicas = 8;
        List<String> externalIds = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            externalIds.add("race-" + UUID.randomUUID());
        }
        // each thread is a separate registry (own cache), like separate hub replicas on one database
        CyclicBarrier start = new CyclicBarrier(replicas);
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        List<Future<List<String>>> results = new ArrayList<>();
        for (int r = 0; r < replicas; r++) {
            IdRegistry replica = new IdRegistry(jdbcClient);
            Callable<List<String>> sightings = () -> {
                List<String> seen = new ArrayList<>();
                for (String id : externalIds) {
                    start.await(10, TimeUnit.SECONDS);
                    seen.add(replica.resolve("square", "product", id));
                }
                return seen;
            };
            results.add(pool.submit(sightings));
        }
        List<List<String>> seenByReplica = new ArrayList<>();
        for (Future<List<String>> result : results) {
            seenByReplica.add(result.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        for (int i = 0; i < externalIds.size(); i++) {
            int index = i;
            Set<String> answers = seenByReplica.stream().map(seen -> seen.get(index)).collect(Collectors.toSet());
            assertThat(answers).as(externalIds.get(i)).hasSize(1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM id_xref WHERE system = 'square' AND external_id = ?",
                    Integer.class, externalIds.get(i))).isEqualTo(1);
        }
    }

    @Test
    void systemsLinkTheirIdsToOneCanonicalRecord() {
        String sku = "TENT-" + UUID.randomUUID();
        String canonical = registry.resolve("erp", "product", sku);

        assertThat(registry.link("shopify", "product", "gid://shopify/ProductVariant/" + sku, canonical))
                .isEqualTo(canonical);
        assertThat(registry.link("bol", "product", "offer-" + sku, canonical)).isEqualTo(canonical);
        assertThat(registry.resolve("erp", "product", sku)).as("stable on second sight").isEqualTo(canonical);

        assertThat(registry.externalIds("product", canonical)).extracting(XrefEntry::system)
                .containsExactly("bol", "erp", "shopify");
        XrefEntry erp = registry.find("erp", "product", sku).orElseThrow();
        assertThat(erp.version()).isEqualTo(1);
        assertThat(erp.createdAt()).isNotNull();
    }

    @Test
    void conflictingLinksAreRefused() {
        String a = registry.resolve("erp", "product", "A-" + UUID.randomUUID());
        String b = registry.resolve("erp", "product", "B-" + UUID.randomUUID());
        String offer = "offer-" + UUID.randomUUID();
        registry.link("bol", "product", offer, a);

        assertThatThrownBy(() -> registry.link("bol", "product", offer, b))
                .isInstanceOf(XrefConflictException.class).hasMessageContaining("already linked to " + a);
        assertThatThrownBy(() -> registry.link("bol", "product", "other-" + offer, a))
                .isInstanceOf(XrefConflictException.class).hasMessageContaining("already has another bol id");
    }

    @Test
    void lookupsOverRestBothWays() throws Exception {
        String sku = "SKU-" + UUID.randomUUID();
        String canonical = registry.resolve("erp", "product", sku);
        registry.link("square", "product", "sq-" + sku, canonical);

        JsonNode byExternal = JSON.readTree(get("/api/xref/by-external/erp/product/" + sku).body());
        assertThat(byExternal.get("canonicalId").asText()).isEqualTo(canonical);
        assertThat(byExternal.get("version").asInt()).isEqualTo(1);

        JsonNode byCanonical = JSON.readTree(get("/api/xref/by-canonical/product/" + canonical).body());
        assertThat(byCanonical).extracting(n -> n.get("system").asText() + "=" + n.get("externalId").asText())
                .containsExactly("erp=" + sku, "square=sq-" + sku);

        var missing = get("/api/xref/by-external/erp/product/nope-" + sku);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("detail").asText())
                .isEqualTo("No canonical id for erp product nope-" + sku);
    }

    @Test
    void mappingsResolveIdsThroughTheRegistryAndNeverInventReferenceData() throws Exception {
        String variation = "SQ-" + UUID.randomUUID();
        String sku = "TENT-" + variation.substring(3, 11);
        JsonNode webhook = JSON.readTree("""
                {"data": {"object": {"inventory_counts": [{"catalog_object_id": "%s", "location_id": "L8RWN7ZDWRXKX",
                  "quantity": "4", "state": "IN_STOCK", "calculated_at": "2026-11-23T10:00:00Z"}]}}}""".formatted(variation));

        assertThatThrownBy(() -> mappings.toCanonical("square/inventory-count.in", webhook, "evt-1"))
                .as("an unlinked Square variation is not turned into a made-up SKU")
                .hasMessageContaining("No canonical id for square sku " + variation);
        assertThat(registry.find("square", "sku", variation)).isEmpty();

        registry.link("square", "sku", variation, sku); // what the catalogue sync does
        var mapped = mappings.toCanonical("square/inventory-count.in", webhook, "evt-2");

        assertThat(mapped.get(0).get("sku").asText()).isEqualTo(sku);
        assertThat(mapped.get(0).get("id").asText()).isEqualTo(sku + "@UTR-01");
    }

    @Test
    void lookupsInHawtioThroughJmx() throws Exception {
        String sku = "SKU-" + UUID.randomUUID();
        String canonical = registry.resolve("erp", "product", sku);

        JsonNode found = jolokia(Map.of("type", "exec", "mbean", "io.omnihub:type=IdRegistry",
                "operation", "canonicalId", "arguments", List.of("erp", "product", sku)));
        assertThat(found.get("value").asText()).isEqualTo(canonical);

        JsonNode reverse = jolokia(Map.of("type", "exec", "mbean", "io.omnihub:type=IdRegistry",
                "operation", "externalIds", "arguments", List.of("product", canonical)));
        assertThat(reverse.get("value").get(0).asText()).isEqualTo("erp=" + sku);

        String variation = "SQ-" + UUID.randomUUID();
        JsonNode linked = jolokia(Map.of("type", "exec", "mbean", "io.omnihub:type=IdRegistry",
                "operation", "link", "arguments", List.of("square", "sku", variation, sku)));
        assertThat(linked.get("value").asText()).isEqualTo(sku);
        assertThat(registry.knownCanonicalId("square", "sku", variation)).hasValue(sku);

        JsonNode count = jolokia(Map.of("type", "read", "mbean", "io.omnihub:type=IdRegistry",
                "attribute", "EntryCount"));
        assertThat(count.get("value").asLong()).isPositive();
    }

    private JsonNode jolokia(Map<String, Object> request) throws Exception {
        JsonNode response = JSON.readTree(
                post("/actuator/jolokia", "application/json", JSON.writeValueAsString(request)).body());
        assertThat(response.get("status").asInt()).as(response.toString()).isEqualTo(200);
        return response;
    }
}
