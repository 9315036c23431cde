package io.omnihub.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.omnihub.outbound.spi.Target;
import io.omnihub.sandbox.ReferenceRetailer.Variant;
import io.omnihub.support.SandboxAdmin;

/**
 * Issue 6's burst: 10,000 inventory changes across 1,000 SKUs to Shopify and to bol.com at once,
 * against the sandboxes at their published limits (Shopify 100 points/s, bol.com 25 stock updates and
 * 20 status reads per second). Both arrive complete and correct in each sandbox's state, each effective
 * change in one write, nothing dead-lettered. bol.com sets the time: about 1,000 offers at its limit,
 * each confirmed by its process status.
 */
class OutboundBurstIT extends OutboundIntegrationTest {

    private static final int SKUS = 1000;
    private static final int ROUNDS = 10;
    private static final String PREFIX = "it-burst-";

    @Test
    void tenThousandChangesAcrossAThousandSkusArriveCompleteAndCorrectAtShopifyAndBol() {
        List<Variant> skus = retailer.variants().subList(0, SKUS);
        Target shop = delivery.target("shopify");
        Target marketplace = delivery.target("bol");
        SandboxAdmin bolAdmin = new SandboxAdmin(bol.baseUrl());
        new SandboxAdmin(shopify.baseUrl()).faults(0, 0, 0);
        bolAdmin.faults(0, 0, 0);
        Instant start = Instant.now();
        // each target's changes from its own thread, as each target's consumer hands them over: on
        // PostgreSQL one thread's round trips would thin out what each 500 ms window finds due, and
        // Shopify's batches with it. Shopify round after round, so each window finds many keys due;
        // bol.com, which takes one offer per call at 20 a second, offer by offer: round after round it
        // also sends the in-between values of the keys claimed while the burst still comes in (800 more
        // calls on PostgreSQL), which tests nothing more and takes 40 s longer
        CompletableFuture<Void> toBol = CompletableFuture.runAsync(() -> submitBurst(marketplace, skus, null, true));
        submitBurst(shop, skus, "DC-NL", false);
        toBol.join();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertSettled(shop);
            assertSettled(marketplace);
            for (int i = 0; i < SKUS; i++) {
                Variant variant = skus.get(i);
                assertThat(available(variant.sku(), "DC-NL")).as("Shopify " + variant.sku()).isEqualTo(value(i, ROUNDS - 1));
                assertThat(offerStock(variant)).as("bol " + variant.sku())
                        .isEqualTo(i == 0 ? 999 : value(i, ROUNDS - 1));
            }
        });
        assertThat(openDeadLetters(shop, PREFIX)).isZero();
        assertThat(openDeadLetters(marketplace, PREFIX)).isZero();

        // Shopify: each (level, value) in one acknowledged mutation, ≥ 100 quantities per call on average
        assertEachValueWrittenOnce(shop, "inventorySetQuantities", "ACKNOWLEDGED", start);
        assertThat(callsPerEffectiveChange(shop, "inventorySetQuantities", "inventorySetQuantities", start)).isLessThanOrEqualTo(1.02);
        assertThat(jdbc.queryForObject("""
                SELECT AVG(changes) FROM outbound_call
                 WHERE target = ? AND operation = 'inventorySetQuantities' AND outcome = 'ACKNOWLEDGED' AND started_at >= ?""",
                Double.class, shop.id(), DeliveryPositions.utc(start))).as("quantities per Shopify mutation").isGreaterThanOrEqualTo(100.0);

        // bol.com: each (offer, amount) accepted once, every accepted update confirmed by a SUCCESS process status
        assertEachValueWrittenOnce(marketplace, "offer-stock", "ACCEPTED", start);
        assertThat(callsPerEffectiveChange(marketplace, "offer-stock", "process-status", start)).isLessThanOrEqualTo(1.02);
        Map<String, Long> bolOutcomes = changeOutcomes(marketplace, start);
        assertThat(bolOutcomes.get("ACKNOWLEDGED")).as("process statuses SUCCESS").isEqualTo(bolOutcomes.get("ACCEPTED"));
        // the statuses are read in bulk, many updates per read (how many depends on the pace the machine holds)
        assertThat(jdbc.queryForObject("""
                SELECT AVG(changes) FROM outbound_call
                 WHERE target = ? AND operation = 'process-status' AND outcome = 'READ' AND started_at >= ?""",
                Double.class, marketplace.id(), DeliveryPositions.utc(start))).as("statuses per bulk read").isGreaterThanOrEqualTo(10.0);
        long succeeded = 0;
        for (JsonNode status : bolAdmin.get("/_sandbox/process-statuses")) {
            if ("UPDATE_OFFER_STOCK".equals(status.path("eventType").asText()) && "SUCCESS".equals(status.path("status").asText())) {
                succeeded++;
            }
        }
        assertThat(succeeded).isGreaterThanOrEqualTo(bolOutcomes.get("ACCEPTED"));
    }

    /**
     * Ten changes to each SKU, round after round or key by key, every (SKU, value) once, so a value
     * applied twice would be a duplicate; the first offer's last figure is more than bol takes, offered as 999.
     */
    private void submitBurst(Target target, List<Variant> skus, String location, boolean keyByKey) {
        Instant at = Instant.now();
        for (int n = 0; n < SKUS * ROUNDS; n++) {
            int i = keyByKey ? n / ROUNDS : n % SKUS;
            int round = keyByKey ? n % ROUNDS : n / SKUS;
            int quantity = location == null && i == 0 && round == ROUNDS - 1 ? 1500 : value(i, round);
            delivery.submit(burstChange(target, skus.get(i).sku(), location, quantity, at.plusMillis(round)));
        }
    }

    /** No (key, value) went out in two accepted writes: a retry or a second delivery would show here. */
    private void assertEachValueWrittenOnce(Target target, String operation, String accepted, Instant start) {
        assertThat(jdbc.queryForList("""
                SELECT x.sku || '@' || x.location_id || '=' || x.quantity || ' x' || COUNT(*)
                  FROM outbound_call c JOIN outbound_call_change x ON x.call_id = c.id
                 WHERE c.target = ? AND c.operation = ? AND c.outcome = ? AND c.started_at >= ? AND x.correlation_id LIKE ?
                 GROUP BY x.sku, x.location_id, x.quantity HAVING COUNT(*) > 1""",
                String.class, target.id(), operation, accepted, DeliveryPositions.utc(start), PREFIX + "%"))
                .as(target + ": values written more than once").isEmpty();
    }

    /**
     * Write calls of every outcome (retries, 429s and errors included) per change the target confirmed
     * (Shopify: in an acknowledged mutation; bol.com: by its process status SUCCESS).
     */
    private double callsPerEffectiveChange(Target target, String write, String confirmation, Instant start) {
        Long writes = jdbc.queryForObject("SELECT COUNT(*) FROM outbound_call WHERE target = ? AND operation = ? AND started_at >= ?",
                Long.class, target.id(), write, DeliveryPositions.utc(start));
        Long effective = jdbc.queryForObject("""
                SELECT COUNT(*) FROM outbound_call c JOIN outbound_call_change x ON x.call_id = c.id
                 WHERE c.target = ? AND c.operation = ? AND COALESCE(x.outcome, c.outcome) = 'ACKNOWLEDGED' AND c.started_at >= ?""",
                Long.class, target.id(), confirmation, DeliveryPositions.utc(start));
        assertThat(effective).as(target + ": effective changes").isGreaterThanOrEqualTo(SKUS);
        return (double) writes / effective;
    }

    private static AvailabilityChange burstChange(Target target, String sku, String location, int quantity, Instant at) {
        return new AvailabilityChange(target, sku, location, quantity, PREFIX + UUID.randomUUID(), at);
    }
}
