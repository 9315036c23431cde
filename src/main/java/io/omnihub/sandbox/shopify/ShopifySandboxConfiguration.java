package io.omnihub.sandbox.shopify;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.SandboxEnabled;
import io.omnihub.sandbox.SandboxProperties;

/** Starts the Shopify sandbox with the hub (never under prod), on the retailer all sandboxes share. */
@Configuration(proxyBeanMethods = false)
@SandboxEnabled
public class ShopifySandboxConfiguration {

    @Bean(destroyMethod = "close")
    ShopifySandbox shopifySandbox(ShopifySandboxProperties settings, SandboxProperties common, ReferenceRetailer retailer) {
        return ShopifySandbox.start(settings, common, retailer, Clock.systemUTC());
    }
}
