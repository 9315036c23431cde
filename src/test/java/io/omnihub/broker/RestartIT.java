package io.omnihub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.omnihub.OmnihubApplication;
import io.omnihub.support.CanonicalRecords;
import io.omnihub.support.EventTopicReader;
import io.omnihub.support.HubClient;
import io.omnihub.support.HubIntegrationTest;

/** Stopping and starting the hub keeps the database, the Kafka log and the consumers' offsets. */
class RestartIT {

    @Test
    void dataSurvivesARestart() throws Exception {
        Path dataDir = HubIntegrationTest.newDataDir("restart");
        String first = "level-" + UUID.randomUUID();
        String second = "level-" + UUID.randomUUID();

        try (ConfigurableApplicationContext hub = start(dataDir)) {
            var response = client(hub).post("/api/ingest/inventory-level", "application/json",
                    CanonicalRecords.inventoryLevel(first, 5));
            assertThat(response.statusCode()).isEqualTo(202);
            awaitStored(hub, first);
            // the consumer commits what it stored before the hub goes down
            await().atMost(Duration.ofSeconds(30)).until(() -> committedOffsets(hub) == 1);
        }

        try (ConfigurableApplicationContext hub = start(dataDir)) {
            assertThat(storedRows(hub, first)).as("database kept the row").isEqualTo(1);
            String bootstrap = hub.getEnvironment().getProperty("omnihub.kafka.bootstrap-servers");
            assertThat(EventTopicReader.readAll(bootstrap, "omnihub.inventory-level.v1"))
                    .as("Kafka log kept the record").anyMatch(r -> first.equals(r.key()));
            assertThat(committedOffsets(hub)).as("consumer group kept its offsets").isEqualTo(1);

            assertThat(client(hub).post("/api/ingest/inventory-level", "application/json",
                    CanonicalRecords.inventoryLevel(second, 4))
                    .statusCode()).isEqualTo(202);
            awaitStored(hub, second);
            assertThat(storedRows(hub, first)).isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> consumedLevels(hub) >= 1);
            assertThat(consumedLevels(hub)).as("this hub consumed the second event only, not the first again").isEqualTo(1);
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        return new SpringApplicationBuilder(OmnihubApplication.class).run(
                "--server.port=0",
                "--omnihub.kafka.embedded.port=0",
                "--omnihub.kafka.embedded.controller-port=0",
                "--omnihub.data-dir=" + dataDir,
                // this test counts the records one consumer group stored; the sandboxes' seeds (reference
                // retailer, ERP staging rows) would add theirs
                "--omnihub.sandbox.enabled=false",
                // the shared test context already holds the hub's MBean names in this JVM
                "--spring.jmx.enabled=false");
    }

    private static HubClient client(ConfigurableApplicationContext hub) {
        return new HubClient(Integer.parseInt(hub.getEnvironment().getRequiredProperty("local.server.port")));
    }

    private static void awaitStored(ConfigurableApplicationContext hub, String sku) {
        await().atMost(Duration.ofSeconds(30)).until(() -> storedRows(hub, sku) == 1);
    }

    private static int storedRows(ConfigurableApplicationContext hub, String sku) {
        return hub.getBean(JdbcTemplate.class).queryForObject(
                "SELECT COUNT(*) FROM ingested_event WHERE entity_id = ?", Integer.class, sku);
    }

    /** Inventory levels this hub's event store consumed since it started. */
    private static double consumedLevels(ConfigurableApplicationContext hub) {
        Counter counter = hub.getBean(MeterRegistry.class).find("omnihub.ingest.events").tag("entity", "inventory-level").counter();
        return counter == null ? 0 : counter.count();
    }

    private static long committedOffsets(ConfigurableApplicationContext hub) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = hub.getBean(Admin.class)
                .listConsumerGroupOffsets("omnihub-ingest-store")
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        // the record's own topic: the stock core publishes availability derived from it on another
        return offsets.entrySet().stream().filter(o -> o.getKey().topic().equals("omnihub.inventory-level.v1"))
                .mapToLong(o -> o.getValue().offset()).sum();
    }
}
