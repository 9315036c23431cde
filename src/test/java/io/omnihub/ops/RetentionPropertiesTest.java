package io.omnihub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetentionPropertiesTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration WEEK = Duration.ofDays(7);

    @Test
    void aWebhookRetentionShorterThanADayIsRefusedByName() {
        assertThatThrownBy(() -> new RetentionProperties(Duration.ofHours(4), HOUR, WEEK, HOUR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("omnihub.retention.webhooks is PT4H")
                .hasMessageContaining("at least PT24H");
    }

    @Test
    void noOutboundCallRetentionIsRefusedByName() {
        assertThatThrownBy(() -> new RetentionProperties(Duration.ofDays(1), Duration.ZERO, WEEK, HOUR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("omnihub.retention.outbound-calls is PT0S");
    }

    @Test
    void anEventRetentionShorterThanKafkasDefaultIsRefusedByName() {
        assertThatThrownBy(() -> new RetentionProperties(Duration.ofDays(1), HOUR, Duration.ofDays(2), HOUR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("omnihub.retention.events is PT48H")
                .hasMessageContaining("at least PT168H");
    }

    @Test
    void aDayOfWebhooksAndAnHourOfCallsAreTaken() {
        RetentionProperties properties = new RetentionProperties(Duration.ofDays(1), HOUR, WEEK, HOUR);
        assertThat(properties.webhooks()).isEqualTo(Duration.ofDays(1));
        assertThat(properties.outboundCalls()).isEqualTo(HOUR);
        assertThat(properties.events()).isEqualTo(WEEK);
    }
}
