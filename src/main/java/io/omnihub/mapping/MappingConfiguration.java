package io.omnihub.mapping;

import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.omnihub.canonical.CanonicalSchemas;

/** The mapping files of {@code omnihub.mappings.dir} (default {@code mappings/}), loaded when the hub starts. */
@Configuration(proxyBeanMethods = false)
class MappingConfiguration {

    @Bean
    Mappings mappings(@Value("${omnihub.mappings.dir:mappings}") Path root, IdLookup ids, CanonicalSchemas schemas) {
        return new Mappings(root, ids, schemas);
    }
}
