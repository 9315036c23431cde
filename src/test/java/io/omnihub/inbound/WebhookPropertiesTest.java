package io.omnihub.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class WebhookPropertiesTest {

    @Test
    void aRetentionShorterThanADayIsRefusedByName() {
        assertThatThrownBy(() -> properties(Duration.ofHours(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("omnihub.webhooks.retention is PT4H")
                .hasMessageContaining("at least PT24H");
    }

    @Test
    void aDayOrMoreIsTaken() {
        assertThat(properties(Duration.ofDays(1)).retention()).isEqualTo(Duration.ofDays(1));
    }

    private static WebhookProperties properties(Duration retention) {
        return new WebhookProperties(DataSize.ofMegabytes(1), List.of(), Map.of(), Duration.ofSeconds(5), 10, retention,
                Duration.ofHours(1));
    }
}
