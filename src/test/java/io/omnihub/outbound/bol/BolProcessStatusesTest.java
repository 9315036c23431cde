package io.omnihub.outbound.bol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.omnihub.outbound.OutboundProperties;
import io.omnihub.outbound.spi.Call;
import io.omnihub.outbound.spi.CallOutcome;
import io.omnihub.outbound.spi.ClientSupport;
import io.omnihub.outbound.spi.PendingChange;
import io.omnihub.outbound.spi.RetrySettings;
import io.omnihub.outbound.spi.Target;
import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.SandboxProperties;
import io.omnihub.sandbox.bol.BolSandbox;
import io.omnihub.sandbox.bol.BolSandboxProperties;

/**
 * The bulk follower against the bol.com sandbox over real HTTP, on the real clock: many accepted
 * stock updates are confirmed by a few reads, each update gets its own outcome, and a status that
 * stays PENDING or is never reported settles once the status timeout has passed.
 */
class BolProcessStatusesTest {

    private static final SandboxProperties COMMON = SandboxProperties.defaults();
    private static final ReferenceRetailer RETAILER = COMMON.retailer();
    private static final ReferenceRetailer.Variant GREEN_TENT = RETAILER.variant("TR2-LW-GRN").orElseThrow();
    private static final Target TARGET = new Target("bol", "test", "marketplace-bol");

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private BolSandbox sandbox;
    private ClientSupport support;

    @AfterEach
    void stop() {
        if (support != null) {
            support.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void manyAcceptedUpdatesAreConfirmedByAFewReadsEachWithItsOwnOutcome() throws Exception {
        BolRetailerApi api = start("300ms", Duration.ofSeconds(20));
        BolProcessStatuses statuses = statuses(api, Duration.ofSeconds(20));
        List<ReferenceRetailer.Variant> offers = RETAILER.variants().stream().filter(v -> v.bolOfferId() != null).limit(60).toList();
        assertThat(offers).hasSize(60);
        List<CompletableFuture<BolProcessStatuses.Settled>> settled = new ArrayList<>();
        for (int i = 0; i <= offers.size(); i++) {
            // the last one: an offer bol does not know, accepted and then FAILURE
            String offerId = i < offers.size() ? offers.get(i).bolOfferId() : "no-such-offer";
            PendingChange change = new PendingChange(i, "SKU-" + i, "", 5, Instant.now(), "it-" + i, null);
            settled.add(api.send(api.governor("offer-stock", 25), "offer-stock", "PUT", "/retailer/offers/" + offerId + "/stock",
                            "{\"amount\":5,\"managedByRetailer\":true}", null, List.of(change),
                            (status, body) -> status == 202 ? CallOutcome.ACCEPTED : CallOutcome.REJECTED)
                    .thenCompose(reply -> statuses.follow(reply.body().path("processStatusId").asText(), change)));
        }
        CompletableFuture.allOf(settled.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        for (int i = 0; i < offers.size(); i++) {
            assertThat(settled.get(i).join().status()).as(offers.get(i).sku()).isEqualTo("SUCCESS");
        }
        assertThat(settled.get(offers.size()).join()).isEqualTo(new BolProcessStatuses.Settled("FAILURE",
                "Offer with id no-such-offer does not exist."));

        List<Call> reads = calls.stream().filter(call -> call.operation().equals("process-status")).toList();
        // the 61 updates go out over about 2.5 s (25 a second); their statuses are read a few at a time,
        // each status about twice (first still PENDING, then final), never once per update
        assertThat(reads.size()).as("bulk reads for 61 updates").isBetween(1, 10);
        assertThat(reads).allSatisfy(read -> {
            assertThat(read.outcome()).isEqualTo(CallOutcome.READ);
            assertThat(read.changes()).hasSizeLessThanOrEqualTo(BolProcessStatuses.MAX_PER_READ);
        });
        // every update's last read says how it ended; the record's detail counts them
        Map<Long, CallOutcome> last = new HashMap<>();
        reads.forEach(read -> read.changes().forEach(change -> last.put(change.positionId(), read.outcomeOf(change))));
        assertThat(last).hasSize(offers.size() + 1).containsEntry((long) offers.size(), CallOutcome.REJECTED);
        assertThat(last.values().stream().filter(CallOutcome.ACKNOWLEDGED::equals).count()).isEqualTo(offers.size());
        assertThat(reads.get(reads.size() - 1).detail()).contains("ACKNOWLEDGED");
    }

    @Test
    void aStatusStillPendingOrNeverReportedSettlesWhenTheTimeoutHasPassed() throws Exception {
        BolRetailerApi api = start("1h", Duration.ofSeconds(1));
        BolProcessStatuses statuses = statuses(api, Duration.ofSeconds(1));
        PendingChange slow = new PendingChange(1, "SKU-1", "", 5, Instant.now(), "it-1", null);
        String id = api.send(api.governor("offer-stock", 25), "offer-stock", "PUT",
                        "/retailer/offers/" + GREEN_TENT.bolOfferId() + "/stock", "{\"amount\":5,\"managedByRetailer\":true}",
                        null, List.of(slow), (status, body) -> CallOutcome.ACCEPTED)
                .get(10, TimeUnit.SECONDS).body().path("processStatusId").asText();

        var pending = statuses.follow(id, slow);
        var unknown = statuses.follow("987654321", new PendingChange(2, "SKU-2", "", 5, Instant.now(), "it-2", null));

        assertThat(pending.get(10, TimeUnit.SECONDS).status()).isEqualTo("PENDING");
        assertThat(unknown.get(10, TimeUnit.SECONDS).status()).isEqualTo("UNKNOWN");
        assertThat(calls.stream().filter(call -> call.operation().equals("process-status")))
                .as("read on the pace until the timeout, both ids in each read")
                .isNotEmpty().allSatisfy(read -> assertThat(read.changes()).hasSize(2));
    }

    private BolRetailerApi start(String processingDelay, Duration statusTimeout) throws Exception {
        sandbox = BolSandbox.start(SandboxProperties.bind("omnihub.sandbox.bol", BolSandboxProperties.class,
                Map.of("port", "0", "processing-delay", processingDelay)), COMMON, RETAILER, Clock.systemUTC());
        support = new ClientSupport(2, new RetrySettings(3, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(50),
                Duration.ofSeconds(1), Duration.ofSeconds(10)), call -> {
                    calls.add(call);
                    return calls.size();
                }, null, null, new SimpleMeterRegistry());
        var settings = new OutboundProperties.Bol("test", "marketplace-bol", sandbox.baseUrl(), sandbox.baseUrl() + "/token",
                "omnihub-sandbox-client", "omnihub-sandbox-secret", Duration.ofSeconds(1), 0.98, 25, 20, 192,
                Duration.ofMillis(100), Duration.ofMillis(250), statusTimeout, Duration.ofSeconds(5));
        return new BolRetailerApi(settings, TARGET, support);
    }

    private BolProcessStatuses statuses(BolRetailerApi api, Duration timeout) {
        return new BolProcessStatuses(api, api.governor("process-status", 20), support.scheduler(), Duration.ofMillis(100),
                Duration.ofMillis(250), timeout);
    }
}
