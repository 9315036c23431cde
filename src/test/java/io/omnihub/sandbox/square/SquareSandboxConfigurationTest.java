package io.omnihub.sandbox.square;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import io.omnihub.sandbox.SandboxConfiguration;
import io.omnihub.sandbox.SandboxProperties;

/** The sandbox starts with the hub from bound settings, and never under the prod profile. */
class SquareSandboxConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({SandboxProperties.class, SquareSandboxProperties.class})
    static class Settings {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Settings.class, SandboxConfiguration.class, SquareSandboxConfiguration.class)
            .withPropertyValues("omnihub.sandbox.square.port=0", "omnihub.sandbox.square.notification-url=");

    @Test
    void startsFromTheBoundSettings() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(SquareSandbox.class);
            SquareSandbox sandbox = context.getBean(SquareSandbox.class);
            assertThat(sandbox.port()).isPositive();
            assertThat(sandbox.account().locations()).hasSize(3);
        });
    }

    @Test
    void staysOffUnderProd() {
        runner.withPropertyValues("spring.profiles.active=prod")
                .run(context -> assertThat(context).doesNotHaveBean(SquareSandbox.class));
    }
}
