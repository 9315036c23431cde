package io.omnihub.sandbox;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Spring MVC for one sandbox: JSON through Jackson (ISO dates), including vendor types like
 * application/vnd.retailer.v10+json. Deliberately not a {@code @Configuration}: the hub's component
 * scan must not find it; {@link SandboxServer} registers it in each sandbox's own context.
 */
@EnableWebMvc
class SandboxWebConfiguration implements WebMvcConfigurer {

    @Bean
    ObjectMapper sandboxObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    @Override
    public void configureMessageConverters(List<HttpMessageConverter<?>> converters) {
        var json = new MappingJackson2HttpMessageConverter(sandboxObjectMapper());
        json.setSupportedMediaTypes(List.of(MediaType.APPLICATION_JSON, new MediaType("application", "*+json")));
        converters.add(new StringHttpMessageConverter(java.nio.charset.StandardCharsets.UTF_8));
        converters.add(json);
    }
}
