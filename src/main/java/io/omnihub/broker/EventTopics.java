package io.omnihub.broker;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Creates one topic per canonical entity, {@code omnihub.<entity>.v1}, before Camel starts
 * its consumers, so pattern subscriptions see every topic from the first poll.
 */
@Component
public class EventTopics implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EventTopics.class);
    /** Matches the admin client's default.api.timeout.ms (KafkaAdminConfiguration), which caps the call anyway. */
    private static final int ADMIN_TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final EventsProperties events;

    public EventTopics(Admin kafkaAdmin, EventsProperties events) {
        this.admin = kafkaAdmin;
        this.events = events;
    }

    /** The topic that carries one canonical entity's events. */
    public static String topicFor(String entity) {
        return "omnihub." + entity + ".v1";
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        try {
            Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = events.entities().stream()
                    .map(EventTopics::topicFor)
                    .filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, events.partitions(), events.replicationFactor()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                log.info("Created event topics {}", missing.stream().map(NewTopic::name).toList());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating event topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create the event topics on Kafka: " + e.getMessage(), e);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // nothing to do once routes run
    }
}
