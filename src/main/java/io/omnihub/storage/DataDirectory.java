package io.omnihub.storage;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes {@code omnihub.data-dir} (where the embedded database and broker keep their files) an
 * absolute path, so it can be given relative or absolute: H2 refuses an implicitly relative
 * file path in its URL, and the broker should not depend on the working directory either.
 */
public class DataDirectory implements EnvironmentPostProcessor {

    static final String PROPERTY = "omnihub.data-dir";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Path dir = Path.of(environment.getProperty(PROPERTY, "data")).toAbsolutePath().normalize();
        environment.getPropertySources().addFirst(new MapPropertySource("omnihubDataDirectory",
                Map.of(PROPERTY, dir.toString())));
    }
}
