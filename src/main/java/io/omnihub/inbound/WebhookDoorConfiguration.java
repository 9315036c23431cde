package io.omnihub.inbound;

import jakarta.servlet.Filter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

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

    /**
     * Serves a webhook ahead of every other filter (security, observation, request context, MVC's
     * path parsing): the door needs none of them, and in the profile they cost as much CPU as the
     * door itself (ADR 0009). The door times itself in {@code omnihub.webhooks.answered}.
     */
    @Bean
    FilterRegistrationBean<Filter> webhookDoorFirst(ServletRegistrationBean<WebhookServlet> door) {
        Filter first = (request, response, chain) -> door.getServlet().service(request, response);
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(first);
        registration.setName("webhookDoorFirst");
        registration.addUrlPatterns("/webhooks/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
