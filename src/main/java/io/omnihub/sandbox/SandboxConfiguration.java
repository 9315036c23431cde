package io.omnihub.sandbox;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The reference retailer all sandboxes of one run share, so their catalogues agree. */
@Configuration(proxyBeanMethods = false)
@SandboxEnabled
public class SandboxConfiguration {

    @Bean
    ReferenceRetailer referenceRetailer(SandboxProperties properties) {
        return properties.retailer();
    }
}
