package io.omnihub.sandbox.bol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.omnihub.sandbox.SandboxProperties;
import io.omnihub.sandbox.bol.BolSandboxProperties.RateLimit;

/** The settings bind as the hub binds them: bol's documented values by default, rate limits in both YAML forms. */
class BolSandboxPropertiesTest {

    private static BolSandboxProperties bind(Map<String, String> overrides) {
        return SandboxProperties.bind("omnihub.sandbox.bol", BolSandboxProperties.class, overrides);
    }

    @Test
    void defaultsAreBolsDocumentedValues() {
        BolSandboxProperties settings = bind(Map.of());
        assertThat(settings.port()).isEqualTo(18082);
        assertThat(settings.tokenLifetime()).isEqualTo(Duration.ofSeconds(299));
        assertThat(settings.ordersPageSize()).isEqualTo(50);
        assertThat(settings.rateLimits()).hasSize(7).startsWith(
                new RateLimit("GET", "/retailer/orders", 7, Duration.ofMinutes(3)),
                new RateLimit("GET", "/retailer/orders/*", 8, Duration.ofMinutes(1)));
        // the bulk status read has a rule of its own, before the catch-all under /retailer
        assertThat(settings.rateLimits()).contains(new RateLimit("POST", "/shared/process-status", 20, Duration.ofSeconds(1)));
    }

    @Test
    void rateLimitsBindAsObjectsOrAsShortForm() {
        BolSandboxProperties settings = bind(Map.of(
                "rate-limits[0].method", "put", "rate-limits[0].path", "/retailer/offers/*/stock",
                "rate-limits[0].limit", "2", "rate-limits[0].window", "500ms",
                "rate-limits[1]", "* /retailer/** 100/PT1M"));
        assertThat(settings.rateLimits()).containsExactly(
                new RateLimit("PUT", "/retailer/offers/*/stock", 2, Duration.ofMillis(500)),
                new RateLimit("*", "/retailer/**", 100, Duration.ofMinutes(1)));
    }

    @Test
    void aMalformedRuleSaysWhatItShouldLookLike() {
        assertThatThrownBy(() -> RateLimit.valueOf("GET /retailer/orders 7 per 3m"))
                .hasMessageContaining("'GET /retailer/orders 7/3m'");
        assertThatThrownBy(() -> RateLimit.valueOf("GET /retailer/orders 0/3m")).hasMessageContaining("at least 1");
    }
}
