package io.omnihub.sandbox;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;

/**
 * Marks a sandbox's Spring configuration: active in the embedded default run and in tests, never
 * under the prod profile, and off when {@code omnihub.sandbox.enabled=false}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Profile("!prod")
@ConditionalOnProperty(prefix = "omnihub.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
public @interface SandboxEnabled {
}
