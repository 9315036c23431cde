package io.omnihub.sandbox;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.bind.annotation.RestController;

/**
 * A controller of a simulated platform. Use it instead of {@code @RestController} in sandboxes:
 * the hub's component scan finds these classes too, and this condition keeps them out of the
 * hub, so they only ever answer on their sandbox's own port ({@link SandboxServer}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@RestController
@Conditional(SandboxApi.OnlyInSandboxServer.class)
public @interface SandboxApi {

    /** True only in a context built by {@link SandboxServer}. */
    class OnlyInSandboxServer implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return context.getEnvironment().containsProperty(SandboxServer.CONTEXT_PROPERTY);
        }
    }
}
