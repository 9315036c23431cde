package io.omnihub.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import java.lang.management.ManagementFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.omnihub.outbound.DeliveryPositions.Submitted;
import io.omnihub.outbound.spi.Target;
import io.omnihub.sandbox.ReferenceRetailer.Variant;
import io.omnihub.support.SandboxAdmin;
import io.omnihub.support.SandboxCatalogue;

/**
 * Availability to the bol.com sandbox over real HTTP: stock per offer, delivered only once bol's
 * process status says SUCCESS, through 429s and 5xx, into the dead-letter inbox and back. The
 * 10,000-change burst over 1,000 offers at bol's rate is {@link OutboundBurstIT}'s.
 */
class OutboundBolIT extends OutboundIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    Target target;
    SandboxAdmin admin;

    @BeforeEach
    void bolWithoutFaults() {
        target = delivery.target("bol");
        admin = new SandboxAdmin(bol.baseUrl());
        admin.faults(0, 0, 0);
    }

    @Test
    void aThrottleStormAndServerErrorsMidRunEndWithEveryChangeDeliveredOnce() {
        List<Variant> skus = retailer.variants().subList(200, 300);
        admin.clearCalls();
        Instant start = Instant.now();
        for (int i = 0; i < skus.size(); i++) {
            delivery.submit(change(target, skus.get(i).sku(), null, value(i, 0), start));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !admin.calls("/retailer/offers/").isEmpty());
        admin.faults(10, 4, 0);
        for (int round = 1; round < 3; round++) {
            for (int i = 0; i < skus.size(); i++) {
                delivery.submit(change(target, skus.get(i).sku(), null, value(i, round), start.plusMillis(round)));
            }
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (int i = 0; i < skus.size(); i++) {
                assertThat(offerStock(skus.get(i))).as(skus.get(i).sku()).isEqualTo(value(i, 2));
            }
            assertSettled(target);
        });
        assertThat(admin.faults().path("throttles").asInt()).as("the storm is over").isZero();
        assertNoDuplicateUpdates();
        assertThat(outcomes(target, start)).containsKeys("THROTTLED", "ERROR");
        assertThat(changeOutcomes(target, start)).containsKeys("ACCEPTED", "ACKNOWLEDGED");
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
        await().atMost(Duration.ofSeconds(30)).until(() -> offerStock(variant) == 33);
        assertProblem(post("/api/outbound/dead-letters/" + id + "/replay", "application/json", ""), 409, "REPLAYED already");
        assertThat(JSON.readTree(get("/api/outbound/dead-letters/" + id).body()).path("status").asText()).isEqualTo("REPLAYED");
        assertThat(JSON.readTree(get(inbox).body())).isEmpty();
        // the record of what happened to the change, by its correlation id
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                JSON.readTree(get("/api/outbound/calls?correlationId=it-replay-rest").body()).findValuesAsText("change_outcome"))
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
        await().atMost(Duration.ofSeconds(30)).until(() -> offerStock(variant) == 21);
        assertThat((String[]) jmx.invoke(inbox, "list", new Object[] {"bol", variant.sku(), ""},
                new String[] {"java.lang.String", "java.lang.String", "java.lang.String"})).isEmpty();
    }

    @Test
    void anAmountBolHoldsAlreadyMakesNoCall() {
        Variant variant = retailer.variants().get(300);
        delivery.submit(change(target, variant.sku(), null, 1200, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> offerStock(variant) == 999 && acked(variant.sku()) != null);
        admin.clearCalls();
        // 2000 is offered as 999 as well, and 1200 again is what bol acknowledged: neither is sent
        assertThat(delivery.submit(change(target, variant.sku(), null, 2000, Instant.now()))).isEqualTo(Submitted.QUEUED);
        await().atMost(Duration.ofSeconds(10)).until(() -> Integer.valueOf(2000).equals(acked(variant.sku())));
        assertThat(delivery.submit(change(target, variant.sku(), null, 2000, Instant.now()))).isEqualTo(Submitted.UNCHANGED);
        // out of order: a change computed before the one acknowledged is dropped
        assertThat(delivery.submit(change(target, variant.sku(), null, 5, Instant.now().minusSeconds(60)))).isEqualTo(Submitted.STALE);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> admin.calls("/retailer").isEmpty());
    }

    private static void assertProblem(java.net.http.HttpResponse<String> response, int status, String detail) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("detail").asText()).contains(detail);
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
