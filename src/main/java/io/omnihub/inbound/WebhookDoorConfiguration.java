package io.omnihub.inbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Mounts the webhook door at {@code /webhooks/*}, beside Spring MVC's dispatcher. */
@Configuration(proxyBeanMethods = false)
class WebhookDoorConfiguration {

    @Bean
    ServletRegistrationBean<WebhookServlet> webhookServlet(WebhookInbox inbox, ObjectMapper json, MeterRegistry meters,
            WebhookProperties properties) {
        ServletRegistrationBean<WebhookServlet> registration = new ServletRegistrationBean<>(
                new WebhookServlet(inbox, json, meters, properties.maxBodySize().toBytes()), "/webhooks/*");
        registration.setName("webhooks");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
