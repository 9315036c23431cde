package io.omnihub.broker;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Starts the in-process Kafka broker when no bootstrap servers are configured, and points
 * {@code omnihub.kafka.bootstrap-servers} at it, so every producer and consumer uses the same
 * code path as against a real cluster.
 *
 * <p>An initializer rather than an EnvironmentPostProcessor, so the broker logs through the
 * hub's configured logging; stopped as the last singleton, after Camel's consumers.
 */
public class EmbeddedKafkaInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String BOOTSTRAP_PROPERTY = "omnihub.kafka.bootstrap-servers";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment env = context.getEnvironment();
        if (StringUtils.hasText(env.getProperty(BOOTSTRAP_PROPERTY))) {
            return;
        }
        Binder binder = Binder.get(env);
        Path dataDir = Path.of(env.getRequiredProperty("omnihub.data-dir"));
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(
                dataDir.resolve("kafka"),
                binder.bind("omnihub.kafka.embedded.port", Integer.class).orElse(9092),
                binder.bind("omnihub.kafka.embedded.controller-port", Integer.class).orElse(9093)).start();
        // one node: one replica per topic
        env.getPropertySources().addFirst(new MapPropertySource("omnihubEmbeddedKafka", Map.of(
                BOOTSTRAP_PROPERTY, broker.bootstrapServers(),
                "omnihub.events.replication-factor", "1")));
        var beanFactory = context.getBeanFactory();
        beanFactory.registerSingleton("embeddedKafkaBroker", broker);
        if (beanFactory instanceof org.springframework.beans.factory.support.DefaultListableBeanFactory registry) {
            registry.registerDisposableBean("embeddedKafkaBroker", broker::close);
        }
    }
}
