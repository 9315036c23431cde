package io.omnihub.sandbox;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * What all sandboxes share: whether they run (never under the prod profile), the seed of the
 * reference retailer and its size, and how many calls (and stock changes) each keeps for read-back.
 */
@ConfigurationProperties("omnihub.sandbox")
public record SandboxProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("42") long seed,
        @DefaultValue("200") int products,
        @DefaultValue("10000") int callLogCapacity) {

    /**
     * Settings bound the way the hub binds them, defaults included, from a few overrides; for
     * starting one sandbox alone in a test. Example: {@code bind("omnihub.sandbox.bol", BolSandboxProperties.class, Map.of("port", "0"))}.
     */
    public static <T> T bind(String prefix, Class<T> type, Map<String, String> overrides) {
        var source = new MapConfigurationPropertySource();
        overrides.forEach((key, value) -> source.put(prefix + "." + key, value));
        return new Binder(source).bindOrCreate(prefix, type);
    }

    public static SandboxProperties defaults() {
        return bind("omnihub.sandbox", SandboxProperties.class, Map.of());
    }

    public ReferenceRetailer retailer() {
        return ReferenceRetailer.generate(seed, products);
    }
}
