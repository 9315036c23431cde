package io.omnihub.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.omnihub.sandbox.square.SquareSandbox;
import io.omnihub.support.SandboxAdmin;

/** Outbound delivery per target in /actuator/prometheus: calls, changes per call, 429s, governor waits, lag, dead letters. */
class OutboundMetricsIT extends OutboundIntegrationTest {

    @Autowired
    SquareSandbox square;

    @Test
    void everyTargetReportsItsDeliveries() throws Exception {
        String sku = retailer.variants().get(700).sku();
        // Square's next answer is a 429
        new SandboxAdmin(square.baseUrl()).faults(1, 0, 0);
        Instant at = Instant.now();
        delivery.submit(new AvailabilityChange(delivery.target("shopify"), sku, "RTM-01", 2, "it-metrics-1", at));
        delivery.submit(new AvailabilityChange(delivery.target("bol"), sku, null, 2, "it-metrics-2", at));
        delivery.submit(new AvailabilityChange(delivery.target("square"), sku, "RTM-01", 2, "it-metrics-3", at));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM outbound_position WHERE sku = ? AND acked_quantity = 2", Long.class, sku) == 3);

        String metrics = get("/actuator/prometheus").body();
        for (String target : List.of("shopify/omnihub-outdoor", "bol/omnihub-outdoor", "square/outdoor-nl")) {
            assertThat(metrics).as(target)
                    // bol.com takes the update (ACCEPTED) and confirms it in a bulk read of process statuses (READ)
                    .containsPattern("omnihub_outbound_calls_total\\{[^}]*outcome=\"(ACKNOWLEDGED|ACCEPTED)\"[^}]*target=\"" + target + "\"")
                    .containsPattern("omnihub_outbound_changes_per_call_count\\{[^}]*target=\"" + target + "\"")
                    .containsPattern("omnihub_outbound_governor_wait_seconds_count\\{[^}]*target=\"" + target + "\"")
                    .containsPattern("omnihub_outbound_lag_seconds_count\\{target=\"" + target + "\"")
                    .containsPattern("omnihub_outbound_dead_letters\\{target=\"" + target + "\"");
        }
        assertThat(metrics).containsPattern("omnihub_outbound_calls_total\\{[^}]*operation=\"process-status\",outcome=\"READ\",target=\"bol/omnihub-outdoor\"");
        assertThat(metrics).containsPattern("omnihub_outbound_throttled_total\\{target=\"square/outdoor-nl\"} [1-9]");
        // bol's two rate rules are governed apart
        assertThat(metrics).containsPattern("omnihub_outbound_governor_wait_seconds_count\\{limit=\"offer-stock\"")
                .containsPattern("omnihub_outbound_governor_wait_seconds_count\\{limit=\"process-status\"");
    }
}
