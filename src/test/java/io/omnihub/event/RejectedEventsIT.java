package io.omnihub.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.omnihub.support.HubIntegrationTest;

/**
 * Records on an event topic that can never be stored are parked with their reason, and the
 * records behind them on the same partition are still stored.
 */
class RejectedEventsIT extends HubIntegrationTest {

    private static final String TOPIC = "omnihub.location.v1";

    @Test
    void poisonRecordsAreParkedAndTheRestOfThePartitionGoesOn() throws Exception {
        String key = "store-" + UUID.randomUUID(); // one key: one partition, in this order
        String goodEventId = UUID.randomUUID().toString();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, key, "{\"no\": \"ce headers\"}".getBytes(StandardCharsets.UTF_8)));
            producer.send(binary(event(UUID.randomUUID().toString()).withSubject(null).build(), key));
            ProducerRecord<String, byte[]> badTime = binary(event(UUID.randomUUID().toString()).withSubject(key).build(), key);
            badTime.headers().remove("ce_time").add("ce_time", "yesterday".getBytes(StandardCharsets.UTF_8));
            producer.send(badTime);
            // valid CloudEvent, but its subject is too long for the store: refused by the database for good
            producer.send(binary(event(UUID.randomUUID().toString()).withSubject("s".repeat(300)).build(), key));
            producer.send(binary(event(goodEventId).withSubject(key).build(), key)).get(10, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM ingested_event WHERE event_id = ?", Integer.class, goodEventId) == 1);

        List<Map<String, Object>> parked = jdbc.queryForList(
                "SELECT * FROM rejected_event WHERE topic = ? ORDER BY kafka_offset", TOPIC);
        assertThat(parked).hasSize(4);
        assertThat(parked).allSatisfy(row -> assertThat(row).containsEntry("consumer_group", "omnihub-ingest-store"));
        assertThat(parked.get(0).get("reason").toString()).startsWith("Not a CloudEvent");
        assertThat(new String((byte[]) parked.get(0).get("payload"), StandardCharsets.UTF_8))
                .isEqualTo("{\"no\": \"ce headers\"}");
        assertThat(parked.get(1).get("reason")).isEqualTo("CloudEvent attribute 'subject' (the record id) is missing");
        assertThat(parked.get(2).get("reason").toString()).startsWith("Not a CloudEvent").contains("yesterday");
        assertThat(parked.get(3).get("reason").toString()).contains("DataIntegrityViolation");
        assertThat(parked.get(3).get("headers").toString()).contains("ce_subject");
    }

    private static CloudEventBuilder event(String id) {
        return CloudEventBuilder.v1()
                .withId(id)
                .withSource(URI.create("/test/rejected-events"))
                .withType("io.omnihub.location.v1")
                .withTime(OffsetDateTime.now())
                .withDataContentType("application/json")
                .withData("{\"id\": \"x\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static ProducerRecord<String, byte[]> binary(CloudEvent event, String key) {
        return KafkaMessageFactory.<String>createWriter(TOPIC, key).writeBinary(event);
    }
}
