package io.omnihub.sandbox;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Error handling of a simulated platform, instead of {@code @RestControllerAdvice}: like
 * {@link SandboxApi}, it loads only in its sandbox's own context, never in the hub's.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@RestControllerAdvice
@Conditional(SandboxApi.OnlyInSandboxServer.class)
public @interface SandboxAdvice {
}
