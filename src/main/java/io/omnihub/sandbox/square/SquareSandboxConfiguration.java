package io.omnihub.sandbox.square;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.SandboxEnabled;
import io.omnihub.sandbox.SandboxProperties;

/** Starts the Square sandbox with the hub (never under prod), seeded from the shared reference retailer. */
@Configuration(proxyBeanMethods = false)
@SandboxEnabled
public class SquareSandboxConfiguration {

    @Bean(destroyMethod = "close")
    SquareSandbox squareSandbox(SquareSandboxProperties settings, SandboxProperties common, ReferenceRetailer retailer) {
        return SquareSandbox.start(settings, common, retailer, Clock.systemUTC());
    }
}
