package io.omnihub.inbound.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.omnihub.sandbox.erp.ErpSandbox;
import io.omnihub.support.EventTopicReader;
import io.omnihub.support.HubIntegrationTest;

/**
 * Canonical orders into the ERP's order staging table, through the hub's HTTP ingest, Kafka, the
 * database and the ERP sandbox's own import job: one row per order however often it comes, nothing
 * for an order not to fulfil, and an order the table cannot take is parked while the next goes in.
 */
class ErpOrdersIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String GROUP = "omnihub-erp-orders";
    private static final String TOPIC = "omnihub.order.v1";

    @Autowired
    ErpSandbox erp;

    @Autowired
    Admin admin;

    @Test
    void anOrderEventBecomesOneOrderRowHoweverOftenItComesAndTheErpImportsIt() throws Exception {
        ObjectNode order = order("confirmed");
        String id = order.path("id").asText();

        assertThat(ingest(order)).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> orderRows(id).size() == 1);
        // the same order once more, as a redelivery or a later event would bring it
        assertThat(ingest(order)).isEqualTo(202);
        awaitConsumed(id);

        List<Map<String, Object>> rows = orderRows(id);
        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat(row).containsEntry("source_system", "omnihub").containsEntry("row_version", 1)
                .containsEntry("order_id", order.path("orderNumber").asText()).containsEntry("channel", "marketplace-bol")
                .containsEntry("currency", "EUR");
        assertThat(row.get("ordered_at").toString()).startsWith("2026-07-01 23:30:00");
        assertThat(JSON.readTree(row.get("order_lines").toString()))
                .isEqualTo(JSON.readTree("[{\"sku\": \"TR2-LW-ORG\", \"quantity\": 1, \"unitPrice\": \"119.95\"}]"));
        assertThat(row.get("batch_id").toString()).as("the event that brought it").hasSize(36);

        runErpJob();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(orderRows(id).get(0)).containsEntry("status", "DONE")
                        .extractingByKey("erp_order_no").asString().startsWith("SO-"));
    }

    @Test
    void anOrderNotToFulfilStagesNothingAndOneTheTableCannotTakeIsParkedWhileTheNextGoesIn() throws Exception {
        ObjectNode cancelled = order("cancelled");
        ObjectNode unfit = order("confirmed");
        // a channel code the schema allows (41 characters) but erp.order_in.channel (32) cannot hold
        unfit.put("channel", "marketplace-" + "x".repeat(29));
        ObjectNode good = order("in-progress");

        assertThat(ingest(cancelled)).isEqualTo(202);
        assertThat(ingest(unfit)).isEqualTo(202);
        assertThat(ingest(good)).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60)).until(() -> orderRows(good.path("id").asText()).size() == 1);
        awaitConsumed(cancelled.path("id").asText());
        assertThat(orderRows(cancelled.path("id").asText())).isEmpty();
        String correlationId = unfit.path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> parked(correlationId).size() == 1);
        assertThat(orderRows(unfit.path("id").asText())).isEmpty();
        List<Map<String, Object>> parked = parked(correlationId);
        // the database's own words: H2 names the column, PostgreSQL the type
        assertThat(parked.get(0).get("reason").toString()).containsIgnoringCase("value too long");
        assertThat(JSON.readTree((byte[]) parked.get(0).get("payload"))).as("the event as it came").isEqualTo(unfit);
    }

    @Test
    void anOrderEventThatDoesNotMapIsParkedWithTheMappingsReasonAndTheNextOrderGoesIn() throws Exception {
        // past the ingest door's schema check, as another producer on the topic could write it
        ObjectNode unmappable = order("confirmed");
        unmappable.put("placedAt", "yesterday");
        ObjectNode good = order("confirmed");
        String key = unmappable.path("id").asText(); // one key: one partition, in this order
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(orderEvent(key, unmappable));
            producer.send(orderEvent(key, good)).get(10, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> orderRows(good.path("id").asText()).size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> parked(key).size() == 1);
        assertThat(parked(key).get(0).get("reason").toString()).contains("mappings/erp/order.out.jslt")
                .contains("local-time(): 'yesterday' is not an ISO-8601 timestamp with an offset");
        assertThat(orderRows(key)).isEmpty();
    }

    /** A canonical order event as the events sink writes it, the order's id as correlation id. */
    private static ProducerRecord<String, byte[]> orderEvent(String key, JsonNode order) {
        return KafkaMessageFactory.<String>createWriter(TOPIC, key).writeBinary(CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create("/test/erp-orders"))
                .withType("io.omnihub.order.v1")
                .withSubject(order.path("id").asText())
                .withTime(OffsetDateTime.now())
                .withExtension("correlationid", key)
                .withData("application/json", order.toString().getBytes(StandardCharsets.UTF_8))
                .build());
    }

    /** A valid canonical order (the mapping fixture's) with ids of its own. */
    private ObjectNode order(String status) throws Exception {
        ObjectNode order = (ObjectNode) JSON.readTree(Files.readString(
                Path.of("mappings/erp/fixtures/order.out--guest-pickup-in-summer-time.input.json")));
        String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        order.put("id", "it-order-" + run);
        order.put("orderNumber", "IT-" + run);
        order.put("status", status);
        return order;
    }

    private int ingest(JsonNode order) throws Exception {
        // the order's id as correlation id, to find what became of it
        return post("/api/ingest/order", "application/json", order.toString(),
                "X-Correlation-Id", order.path("id").asText()).statusCode();
    }

    private List<Map<String, Object>> parked(String correlationId) {
        return jdbc.queryForList(
                "SELECT reason, payload FROM rejected_event WHERE consumer_group = ? AND topic = ? AND correlation_id = ?",
                GROUP, TOPIC, correlationId);
    }

    private List<Map<String, Object>> orderRows(String externalId) {
        return jdbc.queryForList("""
                SELECT batch_id, source_system, row_version, status, order_id, channel, customer_ref,
                       CAST(ordered_at AS VARCHAR(19)) AS ordered_at, currency, order_lines, erp_order_no
                FROM erp.order_in WHERE external_id = ?""", externalId).stream()
                .<Map<String, Object>>map(HashMap::new).toList();
    }

    /** Until the order flow's consumer group has committed past every event of this order. */
    private void awaitConsumed(String orderId) {
        Map<TopicPartition, Long> last = new HashMap<>();
        for (ConsumerRecord<String, byte[]> event : EventTopicReader.readAll(bootstrapServers, TOPIC)) {
            if (orderId.equals(event.key())) {
                last.merge(new TopicPartition(TOPIC, event.partition()), event.offset(), Math::max);
            }
        }
        assertThat(last).as("events of order " + orderId).isNotEmpty();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return last.entrySet().stream().allMatch(e -> committed.containsKey(e.getKey())
                    && committed.get(e.getKey()).offset() > e.getValue());
        });
    }

    private void runErpJob() throws Exception {
        HttpResponse<String> cycle = HTTP.send(HttpRequest.newBuilder(URI.create(erp.baseUrl() + "/_sandbox/job/run"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cycle.statusCode()).isEqualTo(200);
    }
}
