package io.omnihub.outbound.bol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.omnihub.outbound.OutboundProperties;
import io.omnihub.outbound.spi.ClientSupport;
import io.omnihub.outbound.spi.RetrySettings;

/** How many offers the client keeps under way: a fixed bound, or by default one that follows bol's stock rule. */
class BolStockClientTest {

    private final ClientSupport support = new ClientSupport(1, new RetrySettings(1, Duration.ofMillis(1), Duration.ofMillis(1),
            Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)), call -> 0, null, null, new SimpleMeterRegistry());

    @AfterEach
    void stop() {
        support.close();
    }

    @Test
    void offersUnderWayFollowTheStockRulesPaceUnlessSetByHand() {
        // 25 updates/s at rate-use 0.98, each under way 2 s + 4 s until confirmed, plus 2 s waiting its turn
        assertThat(client(0, 25).maxInFlight()).isEqualTo(196);
        assertThat(client(0, 50).maxInFlight()).isEqualTo(392);
        assertThat(client(100, 50).maxInFlight()).isEqualTo(100);
    }

    private BolStockClient client(int maxInFlight, int stockRate) {
        return new BolStockClient(new OutboundProperties.Bol("test", "marketplace-bol", "http://127.0.0.1:9", "http://127.0.0.1:9/token",
                "id", "secret", Duration.ofSeconds(1), 0.98, stockRate, 20, maxInFlight, Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofMinutes(2), Duration.ofSeconds(5)), support);
    }
}
