package io.omnihub.sandbox.bol;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.SandboxEnabled;
import io.omnihub.sandbox.SandboxProperties;

/** Starts the bol.com sandbox with the hub (never under prod), seeded from the shared reference retailer. */
@Configuration(proxyBeanMethods = false)
@SandboxEnabled
public class BolSandboxConfiguration {

    @Bean(destroyMethod = "close")
    BolSandbox bolSandbox(BolSandboxProperties settings, SandboxProperties common, ReferenceRetailer retailer) {
        return BolSandbox.start(settings, common, retailer, Clock.systemUTC());
    }
}
