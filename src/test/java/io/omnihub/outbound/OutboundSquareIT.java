package io.omnihub.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.omnihub.outbound.spi.Target;
import io.omnihub.sandbox.square.SquareSandbox;
import io.omnihub.support.SandboxAdmin;

/** Availability to the Square sandbox's tills over real HTTP: batch-create of at most 100 counts, idempotent. */
class OutboundSquareIT extends OutboundIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BATCH_CREATE = "/v2/inventory/changes/batch-create";
    private static final List<String> STORES = List.of("UTR-01", "AMS-01", "RTM-01");

    @Autowired
    SquareSandbox square;

    Target target;
    SandboxAdmin admin;

    @BeforeEach
    void squareWithoutFaults() {
        target = delivery.target("square");
        admin = new SandboxAdmin(square.baseUrl());
        admin.faults(0, 0, 0);
    }

    @Test
    void countsArriveInBatchesOfAtMostAHundredThroughAStormAndServerErrors() {
        List<String[]> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            for (String store : STORES) {
                keys.add(new String[] {retailer.variants().get(i).sku(), store});
            }
        }
        admin.clearCalls();
        Instant start = Instant.now();
        for (int round = 0; round < 3; round++) {
            if (round == 1) {
                await().atMost(Duration.ofSeconds(30)).until(() -> !admin.calls(BATCH_CREATE).isEmpty());
                // mid-run: 429 (Square sends no Retry-After), then 500/503
                admin.faults(5, 3, 0);
            }
            for (int k = 0; k < keys.size(); k++) {
                delivery.submit(change(target, keys.get(k)[0], keys.get(k)[1], value(k, round), start.plusMillis(round)));
            }
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, Integer> counts = counts();
            for (int k = 0; k < keys.size(); k++) {
                assertThat(counts.get(keys.get(k)[0] + "@" + keys.get(k)[1])).as(String.join("@", keys.get(k)))
                        .isEqualTo(value(k, 2));
            }
            assertSettled(target);
        });
        // a call answered by a fault switch is never read by the platform, so the log has no body for it
        List<JsonNode> batches = admin.calls(BATCH_CREATE).stream().filter(call -> !call.path("body").asText().isEmpty())
                .map(OutboundSquareIT::body).toList();
        assertThat(batches).allSatisfy(b -> assertThat(b.path("changes").size()).isBetween(1, 100));
        // the same key is the same batch (a retry), and no count went out under two keys
        Map<String, String> bodyByKey = new HashMap<>();
        Map<String, Set<String>> keysByChange = new HashMap<>();
        for (JsonNode batch : batches) {
            String key = batch.path("idempotency_key").asText();
            assertThat(bodyByKey.putIfAbsent(key, batch.toString())).isIn(null, batch.toString());
            for (JsonNode change : batch.path("changes")) {
                JsonNode count = change.path("physical_count");
                keysByChange.computeIfAbsent(count.path("catalog_object_id").asText() + "@" + count.path("location_id").asText()
                        + "=" + count.path("quantity").asText(), c -> new HashSet<>()).add(key);
            }
        }
        assertThat(keysByChange.entrySet()).allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).hasSize(1));
        assertThat(jdbc.queryForList("SELECT DISTINCT outcome FROM outbound_call WHERE target = ? AND started_at >= ?",
                String.class, target.id(), DeliveryPositions.utc(start))).contains("THROTTLED", "ERROR", "ACKNOWLEDGED");
    }

    @Test
    void aCountSquareCannotTakeIsDeadLetteredAndTheRestOfItsBatchArrives() {
        String good = retailer.variants().get(500).sku();
        registry.link("square", "sku", "NOSUCHSQUAREVARIATION0001", "SQUARE-GHOST-1");
        Instant at = Instant.now();
        delivery.submit(new AvailabilityChange(target, "SQUARE-GHOST-1", "UTR-01", 3, "it-square-ghost", at));
        // a store Square does not have: the mapping cannot name it
        delivery.submit(new AvailabilityChange(target, good, "DC-NL", 3, "it-square-warehouse", at));
        delivery.submit(new AvailabilityChange(target, good, "AMS-01", 44, "it-square-good", at));
        await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(44).equals(counts().get(good + "@AMS-01")));
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList(
                "SELECT error FROM outbound_dead_letter WHERE target = ? AND correlation_id LIKE 'it-square-%' AND status = 'OPEN'",
                String.class, target.id()).size() == 2);
        assertThat(jdbc.queryForList("SELECT correlation_id || ': ' || error FROM outbound_dead_letter WHERE target = ? "
                + "AND correlation_id LIKE 'it-square-%' ORDER BY correlation_id", String.class, target.id()))
                .satisfiesExactly(
                        ghost -> assertThat(ghost).startsWith("it-square-ghost: Square refused SQUARE-GHOST-1@UTR-01: NOT_FOUND"),
                        warehouse -> assertThat(warehouse).startsWith("it-square-warehouse: ").contains("No Square location for DC-NL"));
    }

    /** IN_STOCK counts as the Square sandbox holds them, by sku@store. */
    private Map<String, Integer> counts() {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode count : admin.get("/_sandbox/counts?state=IN_STOCK")) {
            counts.put(count.path("sku").asText() + "@" + count.path("locationId").asText(), count.path("quantity").asInt());
        }
        return counts;
    }

    private static JsonNode body(JsonNode call) {
        try {
            return JSON.readTree(call.path("body").asText());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
