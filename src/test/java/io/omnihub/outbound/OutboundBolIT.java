package io.omnihub.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import java.lang.management.ManagementFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.omnihub.outbound.DeliveryPositions.Submitted;
import io.omnihub.outbound.spi.Target;
import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.ReferenceRetailer.Variant;
import io.omnihub.sandbox.bol.BolSandbox;
import io.omnihub.support.HubIntegrationTest;
import io.omnihub.support.SandboxAdmin;
import io.omnihub.support.SandboxCatalogue;
import io.omnihub.xref.IdRegistry;

/**
 * Availability to the bol.com sandbox over real HTTP: stock per offer, delivered only once bol's
 * process status says SUCCESS, at bol's rate. The full 10,000-change burst at bol's rate (about 40 s
 * of stock updates for 1,000 offers, plus as many status reads) is the load harness's
 * (docs/benchmarks.md); here a bounded burst of 2,000 changes over 200 offers.
 */
class OutboundBolIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    OutboundDelivery delivery;
    @Autowired
    BolSandbox bol;
    @Autowired
    ReferenceRetailer retailer;
    @Autowired
    IdRegistry registry;

    Target target;
    SandboxAdmin admin;

    @BeforeEach
    void linkOffers() {
        SandboxCatalogue.linkOffers(registry, retailer);
        target = delivery.target("bol");
        admin = new SandboxAdmin(bol.baseUrl());
        admin.faults(0, 0, 0);
    }

    @Test
    void aBurstArrivesCompleteAndCorrectEachChangeConfirmedByItsProcessStatus() {
        List<Variant> skus = retailer.variants().subList(0, 200);
        admin.clearCalls();
        Instant start = Instant.now();
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < skus.size(); i++) {
                delivery.submit(change(skus.get(i).sku(), value(i, round), start.plusMillis(round)));
            }
        }
        // more than bol takes: offered as 999
        delivery.submit(change(skus.get(0).sku(), 1500, start.plusMillis(10)));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (int i = 0; i < skus.size(); i++) {
                assertThat(stock(skus.get(i))).as(skus.get(i).sku()).isEqualTo(i == 0 ? 999 : value(i, 9));
            }
            assertSettled();
        });
        assertNoDuplicateUpdates();
        // within bol's limits: not one 429
        assertThat(outcomes(start)).doesNotContainKey("THROTTLED").containsKeys("ACCEPTED", "ACKNOWLEDGED");
        // every acknowledged change was confirmed by a SUCCESS process status, one per accepted update
        long accepted = admin.calls("/retailer/offers/").stream().filter(c -> c.path("status").asInt() == 202).count();
        long succeeded = 0;
        for (JsonNode status : admin.get("/_sandbox/process-statuses")) {
            if ("UPDATE_OFFER_STOCK".equals(status.path("eventType").asText()) && "SUCCESS".equals(status.path("status").asText())) {
                succeeded++;
            }
        }
        assertThat(succeeded).isGreaterThanOrEqualTo(accepted);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM outbound_call WHERE target = ? AND operation = 'process-status' AND outcome = 'ACKNOWLEDGED'
                   AND started_at >= ?""", Long.class, target.id(), DeliveryPositions.utc(start))).isEqualTo(accepted);
    }

    @Test
    void aThrottleStormAndServerErrorsMidRunEndWithEveryChangeDeliveredOnce() {
        List<Variant> skus = retailer.variants().subList(200, 300);
        admin.clearCalls();
        Instant start = Instant.now();
        for (int i = 0; i < skus.size(); i++) {
            delivery.submit(change(skus.get(i).sku(), value(i, 0), start));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !admin.calls("/retailer/offers/").isEmpty());
        admin.faults(10, 4, 0);
        for (int round = 1; round < 3; round++) {
            for (int i = 0; i < skus.size(); i++) {
                delivery.submit(change(skus.get(i).sku(), value(i, round), start.plusMillis(round)));
            }
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (int i = 0; i < skus.size(); i++) {
                assertThat(stock(skus.get(i))).as(skus.get(i).sku()).isEqualTo(value(i, 2));
            }
            assertSettled();
        });
        assertThat(admin.faults().path("throttles").asInt()).as("the storm is over").isZero();
        assertNoDuplicateUpdates();
        assertThat(outcomes(start)).containsKeys("THROTTLED", "ERROR", "ACKNOWLEDGED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbound_dead_letter WHERE target = ? AND failed_at >= ?",
                Long.class, target.id(), DeliveryPositions.utc(start))).isZero();
    }

    @Test
    void anOfferBolDoesNotKnowEndsInTheDeadLetterInboxWithBolsReason() {
        registry.link("bol", "offer", "00000000-0000-4000-8000-00000000dead", "GHOST-SKU-1");
        delivery.submit(new AvailabilityChange(target, "GHOST-SKU-1", null, 4, "it-ghost", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> !deadLetters("GHOST-SKU-1").isEmpty());
        assertThat(deadLetters("GHOST-SKU-1")).singleElement().asString()
                .contains("FAILURE").contains("Offer with id 00000000-0000-4000-8000-00000000dead does not exist");
    }

    @Test
    void aChangeForAnOfferTheHubDoesNotKnowIsDeadLetteredListedAndReplayedOnceTheOfferIsLinked() throws Exception {
        Variant variant = SandboxCatalogue.unlinkedOffers(retailer).get(0);
        delivery.submit(new AvailabilityChange(target, variant.sku(), null, 33, "it-replay-rest", Instant.now()));
        String inbox = "/api/outbound/dead-letters?target=bol&key=" + variant.sku();
        await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(get(inbox).body()).size() == 1);
        JsonNode letter = JSON.readTree(get(inbox).body()).get(0);
        assertThat(letter.path("error").asText()).contains("No bol.com offer for SKU " + variant.sku());
        assertThat(letter.path("correlationId").asText()).isEqualTo("it-replay-rest");
        assertThat(letter.path("payload").path("change").path("available").asInt()).isEqualTo(33);
        long id = letter.path("id").asLong();

        // bad requests are refused naming what is wrong; the inbox is untouched
        assertProblem(get("/api/outbound/dead-letters/abc"), 400, "must be a number");
        assertProblem(get("/api/outbound/dead-letters/987654321"), 404, "No dead letter 987654321");
        assertProblem(get("/api/outbound/dead-letters?since=yesterday"), 400, "'since'");
        assertProblem(get("/api/outbound/dead-letters?target=amazon"), 400, "'target'");
        assertProblem(get("/api/outbound/dead-letters?status=LOST"), 400, "'status'");
        assertProblem(post("/api/outbound/dead-letters/replay", "application/json", ""), 400, "'target' is required");
        assertThat(JSON.readTree(get("/api/outbound/dead-letters/" + id).body()).path("status").asText()).isEqualTo("OPEN");

        // fixed (the offer is linked), then replayed: the same path as any change
        registry.link("bol", "offer", variant.bolOfferId(), variant.sku());
        var replay = post("/api/outbound/dead-letters/" + id + "/replay", "application/json", "");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(replay.body()).path("status").asText()).isEqualTo("REPLAYED");
        await().atMost(Duration.ofSeconds(30)).until(() -> stock(variant) == 33);
        assertProblem(post("/api/outbound/dead-letters/" + id + "/replay", "application/json", ""), 409, "REPLAYED already");
        assertThat(JSON.readTree(get("/api/outbound/dead-letters/" + id).body()).path("status").asText()).isEqualTo("REPLAYED");
        assertThat(JSON.readTree(get(inbox).body())).isEmpty();
        // the record of what happened to the change, by its correlation id
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                JSON.readTree(get("/api/outbound/calls?correlationId=it-replay-rest").body()).findValuesAsText("outcome"))
                .containsSubsequence("ACCEPTED", "ACKNOWLEDGED"));
    }

    @Test
    void anOperatorReplaysTheDeadLettersOfATargetFromJmx() throws Exception {
        Variant variant = SandboxCatalogue.unlinkedOffers(retailer).get(1);
        delivery.submit(new AvailabilityChange(target, variant.sku(), null, 21, "it-replay-jmx", Instant.now()));
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName inbox = new ObjectName("io.omnihub:type=OutboundDeadLetters");
        await().atMost(Duration.ofSeconds(20)).until(() -> ((String[]) jmx.invoke(inbox, "list",
                new Object[] {"bol", variant.sku(), ""}, new String[] {"java.lang.String", "java.lang.String", "java.lang.String"})).length == 1);
        assertThat((Long) jmx.getAttribute(inbox, "OpenCount")).isPositive();

        registry.link("bol", "offer", variant.bolOfferId(), variant.sku());
        String summary = (String) jmx.invoke(inbox, "replayAll", new Object[] {"bol", variant.sku()},
                new String[] {"java.lang.String", "java.lang.String"});
        assertThat(summary).startsWith("1 of 1 sent again");
        await().atMost(Duration.ofSeconds(30)).until(() -> stock(variant) == 21);
        assertThat((String[]) jmx.invoke(inbox, "list", new Object[] {"bol", variant.sku(), ""},
                new String[] {"java.lang.String", "java.lang.String", "java.lang.String"})).isEmpty();
    }

    @Test
    void anAmountBolHoldsAlreadyMakesNoCall() {
        Variant variant = retailer.variants().get(300);
        delivery.submit(change(variant.sku(), 1200, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> stock(variant) == 999 && acked(variant.sku()) != null);
        admin.clearCalls();
        // 2000 is offered as 999 as well, and 1200 again is what bol acknowledged: neither is sent
        assertThat(delivery.submit(change(variant.sku(), 2000, Instant.now()))).isEqualTo(Submitted.QUEUED);
        await().atMost(Duration.ofSeconds(10)).until(() -> Integer.valueOf(2000).equals(acked(variant.sku())));
        assertThat(delivery.submit(change(variant.sku(), 2000, Instant.now()))).isEqualTo(Submitted.UNCHANGED);
        // out of order: a change computed before the one acknowledged is dropped
        assertThat(delivery.submit(change(variant.sku(), 5, Instant.now().minusSeconds(60)))).isEqualTo(Submitted.STALE);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> admin.calls("/retailer").isEmpty());
    }

    /** Every change of the target acknowledged or dead-lettered: nothing due, nothing under way. */
    private void assertSettled() {
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbound_position WHERE target = ? AND due_at IS NOT NULL",
                Long.class, target.id())).as("changes still due or under way").isZero();
    }

    private static void assertProblem(java.net.http.HttpResponse<String> response, int status, String detail) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("detail").asText()).contains(detail);
    }

    private AvailabilityChange change(String sku, int quantity, Instant at) {
        return new AvailabilityChange(target, sku, null, quantity, "it-" + UUID.randomUUID(), at);
    }

    private static int value(int sku, int round) {
        return 10 + round * 11 + sku % 5;
    }

    private int stock(Variant variant) {
        return bol.state().offer(variant.bolOfferId()).orElseThrow().stock().amount();
    }

    private Integer acked(String sku) {
        List<Integer> acked = jdbc.queryForList("SELECT acked_quantity FROM outbound_position WHERE target = ? AND sku = ?",
                Integer.class, target.id(), sku);
        return acked.isEmpty() ? null : acked.get(0);
    }

    private List<String> deadLetters(String sku) {
        // this test's changes only (correlation ids it-…), not what the stock core sent meanwhile
        return jdbc.queryForList("SELECT error FROM outbound_dead_letter WHERE target = ? AND sku = ? AND status = 'OPEN' "
                + "AND correlation_id LIKE 'it-%'",
                String.class, target.id(), sku);
    }

    private Map<String, Long> outcomes(Instant since) {
        Map<String, Long> counts = new HashMap<>();
        jdbc.queryForList("SELECT outcome, COUNT(*) AS n FROM outbound_call WHERE target = ? AND started_at >= ? GROUP BY outcome",
                target.id(), DeliveryPositions.utc(since))
                .forEach(row -> counts.put((String) row.get("outcome"), ((Number) row.get("n")).longValue()));
        return counts;
    }

    /** Every (offer, amount) that bol accepted, accepted once: the test's values are distinct per offer. */
    private void assertNoDuplicateUpdates() {
        Map<String, Integer> accepted = new HashMap<>();
        for (JsonNode call : admin.calls("/retailer/offers/")) {
            if (call.path("status").asInt() == 202) {
                accepted.merge(call.path("path").asText() + " " + call.path("body").asText(), 1, Integer::sum);
            }
        }
        assertThat(accepted).isNotEmpty();
        assertThat(accepted.entrySet()).allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isEqualTo(1));
    }
}
