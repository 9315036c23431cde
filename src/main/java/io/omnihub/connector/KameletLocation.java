package io.omnihub.connector;

import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Points the kamelet component at {@code connectors/} on the file system, then the classpath.
 * Without the kamelet starter (absent from the registry here), {@code camel.component.kamelet.location}
 * is not bound, so it is set here.
 */
@Configuration(proxyBeanMethods = false)
class KameletLocation {

    @Bean
    ComponentCustomizer kameletLocationCustomizer(
            @Value("${omnihub.connectors.location:file:connectors,classpath:kamelets}") String location) {
        return ComponentCustomizer.forType(KameletComponent.class, kamelets -> kamelets.setLocation(location));
    }
}
