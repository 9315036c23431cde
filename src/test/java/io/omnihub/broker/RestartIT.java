package io.omnihub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.omnihub.OmnihubApplication;
import io.omnihub.support.EventTopicReader;
import io.omnihub.support.HubClient;
import io.omnihub.support.HubIntegrationTest;

/** Stopping and starting the hub keeps the database, the Kafka log and the consumers' offsets. */
class RestartIT {

    @Test
    void dataSurvivesARestart() throws Exception {
        Path dataDir = HubIntegrationTest.newDataDir("restart");
        String first = "sku-" + UUID.randomUUID();
        String second = "sku-" + UUID.randomUUID();

        try (ConfigurableApplicationContext hub = start(dataDir)) {
            assertThat(client(hub).post("/api/ingest/product", "application/json", "{\"id\":\"" + first + "\"}")
                    .statusCode()).isEqualTo(202);
            awaitStored(hub, first);
        }

        try (ConfigurableApplicationContext hub = start(dataDir)) {
            assertThat(storedRows(hub, first)).as("database kept the row").isEqualTo(1);
            String bootstrap = hub.getEnvironment().getProperty("omnihub.kafka.bootstrap-servers");
            assertThat(EventTopicReader.readAll(bootstrap, "omnihub.product.v1"))
                    .as("Kafka log kept the record").anyMatch(r -> first.equals(r.key()));
            assertThat(committedOffsets(hub)).as("consumer group kept its offsets").isPositive();

            assertThat(client(hub).post("/api/ingest/product", "application/json", "{\"id\":\"" + second + "\"}")
                    .statusCode()).isEqualTo(202);
            awaitStored(hub, second);
            assertThat(storedRows(hub, first)).as("the first event was not consumed twice").isEqualTo(1);
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        return new SpringApplicationBuilder(OmnihubApplication.class).run(
                "--server.port=0",
                "--omnihub.kafka.embedded.port=0",
                "--omnihub.kafka.embedded.controller-port=0",
                "--omnihub.data-dir=" + dataDir);
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

    private static long committedOffsets(ConfigurableApplicationContext hub) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = hub.getBean(Admin.class)
                .listConsumerGroupOffsets("omnihub-ingest-store")
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }
}
