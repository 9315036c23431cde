package io.omnihub.outbound;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.omnihub.outbound.bol.BolStockClient;
import io.omnihub.outbound.shopify.ShopifyInventoryClient;
import io.omnihub.outbound.spi.ClientSupport;
import io.omnihub.outbound.square.SquareInventoryClient;

/** A target with a base URL but no credentials stops the hub, naming the environment variables to set. */
class TargetCredentialsTest {

    private final ClientSupport support = new ClientSupport(1, settings(Map.of()).retry(), null, null, null,
            new SimpleMeterRegistry());

    @AfterEach
    void stop() {
        support.close();
    }

    @Test
    void eachPlatformNamesWhatIsMissing() {
        OutboundProperties settings = settings(Map.of("shopify.base-url", "https://omnihub-outdoor.myshopify.com",
                "bol.base-url", "https://api.bol.com", "bol.client-id", "id-only",
                "square.base-url", "https://connect.squareup.com"));
        assertThatThrownBy(() -> new ShopifyInventoryClient(settings.shopify(), support))
                .hasMessageContaining("OMNIHUB_SHOPIFY_ACCESS_TOKEN");
        assertThatThrownBy(() -> new BolStockClient(settings.bol(), support))
                .hasMessageContaining("OMNIHUB_BOL_CLIENT_SECRET");
        assertThatThrownBy(() -> new SquareInventoryClient(settings.square(), support))
                .hasMessageContaining("OMNIHUB_SQUARE_ACCESS_TOKEN");
    }

    private static OutboundProperties settings(Map<String, String> overrides) {
        var source = new MapConfigurationPropertySource();
        overrides.forEach((key, value) -> source.put("omnihub.outbound." + key, value));
        return new Binder(source).bindOrCreate("omnihub.outbound", OutboundProperties.class);
    }
}
