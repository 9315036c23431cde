package io.omnihub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.omnihub.broker.EventTopics;
import io.omnihub.broker.EventsProperties;
import io.omnihub.support.CanonicalRecords;
import io.omnihub.support.EventTopicReader;
import io.omnihub.support.HubIntegrationTest;

/**
 * The first flow end to end: HTTP POST → CloudEvent on Kafka → consumed → row in the database,
 * one correlation id on every hop; bad input answered clearly with nothing published.
 */
@ExtendWith(OutputCaptureExtension.class)
class IngestFlowIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @org.springframework.beans.factory.annotation.Autowired
    EventsProperties events;

    @Test
    void aPostedRecordIsPublishedAsCloudEventAndStoredWithItsCorrelationId(CapturedOutput output) throws Exception {
        String sku = "loc-" + UUID.randomUUID();
        String correlationId = "it-" + UUID.randomUUID();
        String body = CanonicalRecords.location(sku, "Noorderlicht Outdoor Utrecht — café & tentenhal ⛺");
        // the event store logs each event at DEBUG only
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        logging.setLogLevel(IngestedEvents.class.getName(), LogLevel.DEBUG);

        HttpResponse<String> response = post("/api/ingest/location", "application/json", body,
                "X-Correlation-Id", correlationId);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("X-Correlation-Id")).hasValue(correlationId);
        JsonNode receipt = JSON.readTree(response.body());
        assertThat(receipt.get("id").asText()).isEqualTo(sku);
        String eventId = receipt.get("eventId").asText();

        Map<String, Object> row = await().atMost(Duration.ofSeconds(30)).until(
                () -> jdbc.queryForList("SELECT * FROM ingested_event WHERE event_id = ?", eventId),
                rows -> rows.size() == 1).get(0);
        assertThat(row).containsEntry("entity", "location").containsEntry("entity_id", sku)
                .containsEntry("correlation_id", correlationId)
                .containsEntry("event_type", "io.omnihub.location.v1")
                .containsEntry("source", "/omnihub/ingest-http");
        assertThat(JSON.readTree(row.get("payload").toString())).isEqualTo(JSON.readTree(body));

        ConsumerRecord<String, byte[]> record = EventTopicReader.readAll(bootstrapServers, "omnihub.location.v1")
                .stream().filter(r -> sku.equals(r.key())).findFirst().orElseThrow();
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_id")).isEqualTo(eventId);
        assertThat(header(record, "ce_type")).isEqualTo("io.omnihub.location.v1");
        assertThat(header(record, "ce_source")).isEqualTo("/omnihub/ingest-http");
        assertThat(header(record, "ce_subject")).isEqualTo(sku);
        assertThat(header(record, "ce_time")).isNotBlank();
        assertThat(header(record, "ce_correlationid")).isEqualTo(correlationId);
        assertThat(header(record, "content-type")).isEqualTo("application/json");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(record.headers()).extracting(Header::key)
                .as("only CloudEvent headers reach Kafka, no HTTP request headers")
                .allMatch(key -> key.startsWith("ce_") || key.equals("content-type"));

        // the same id is in the log context of both routes
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getOut())
                .containsPattern("\\[" + correlationId + "] .*ingest-http .*Published location event " + eventId)
                .containsPattern("\\[" + correlationId + "] .*IngestedEvents .*Stored location event " + eventId));
        logging.setLogLevel(IngestedEvents.class.getName(), null);
    }

    @Test
    void aCorrelationIdIsMintedWhenTheCallerSendsNone() throws Exception {
        HttpResponse<String> response = post("/api/ingest/inventory-level", "application/json",
                CanonicalRecords.inventoryLevel("42", 3));

        assertThat(response.statusCode()).isEqualTo(202);
        String correlationId = response.headers().firstValue("X-Correlation-Id").orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM ingested_event WHERE correlation_id = ? AND entity_id = '42'",
                Integer.class, correlationId) == 1);
    }

    @Test
    void malformedJsonIsRefusedNamingThePositionAndNothingIsPublished() throws Exception {
        long before = publishedSoFar();

        HttpResponse<String> response = post("/api/ingest/product", "application/json", "{\"id\": \"a\",\n \"title\": }");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asText()).startsWith("Malformed JSON at line 2, column 11");
        assertThat(publishedSoFar()).isEqualTo(before);
    }

    @Test
    void otherBadInputIsRefusedWithAReasonAndNothingIsPublished() throws Exception {
        long before = publishedSoFar();
        Map<String, String> refusals = Map.of(
                "[1, 2]", "Request body must be a JSON object, got ARRAY",
                "{\"title\": \"no id\"}", "Field 'id' is missing or not a non-empty string",
                "{\"id\": \"\"}", "Field 'id' is missing or not a non-empty string",
                "{\"id\": 1} trailing", "Malformed JSON at line 1, column 11",
                "", "Request body is empty; expected a JSON object");
        for (var refusal : refusals.entrySet()) {
            HttpResponse<String> response = post("/api/ingest/product", "application/json", refusal.getKey());
            assertThat(response.statusCode()).as(refusal.getKey()).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("detail").asText()).as(refusal.getKey())
                    .startsWith(refusal.getValue());
        }

        HttpResponse<String> unknown = post("/api/ingest/unicorn", "application/json", "{\"id\": 1}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("detail").asText()).startsWith("Unknown entity 'unicorn'");

        HttpResponse<String> badHeader = post("/api/ingest/product", "application/json", "{\"id\": 1}",
                "X-Correlation-Id", "no spaces allowed");
        assertThat(badHeader.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badHeader.body()).get("detail").asText()).startsWith("Header X-Correlation-Id");

        HttpResponse<String> form = post("/api/ingest/product", "application/x-www-form-urlencoded", "id=1");
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(form.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        String longId = "x".repeat(129);
        HttpResponse<String> tooLong = post("/api/ingest/product", "application/json", "{\"id\":\"" + longId + "\"}");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooLong.body()).get("detail").asText()).isEqualTo("Field 'id' is longer than 128 characters");

        HttpResponse<String> utf16 = hub().send("/api/ingest/product", "application/json",
                "{\"id\": \"a\"}".getBytes(StandardCharsets.UTF_16));
        assertThat(utf16.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(utf16.body()).get("detail").asText()).isEqualTo("Request body is not valid UTF-8");

        HttpResponse<String> whitespace = post("/api/ingest/product", "application/json", "  \n ");
        assertThat(whitespace.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(whitespace.body()).get("detail").asText()).isEqualTo("Request body holds no JSON value");

        assertThat(publishedSoFar()).isEqualTo(before);
    }

    @Test
    void aRecordThatBreaksItsCanonicalSchemaIsRefusedNamingEachPath() throws Exception {
        long before = publishedSoFar();
        String record = CanonicalRecords.inventoryLevel("level-bad", 3)
                .replace("\"onHand\": 3", "\"onHand\": 1.5")
                .replace("\"sku\": \"TR2-LW-GRN\"", "\"sku\": \"TR2 LW GRN\"");

        HttpResponse<String> response = post("/api/ingest/inventory-level", "application/json", record);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("detail").asText())
                .isEqualTo("Record inventory-level level-bad does not match the canonical schema inventory-level.schema.json");
        assertThat(problem.get("errors")).extracting(JsonNode::asText)
                .anyMatch(e -> e.startsWith("/onHand: "))
                .anyMatch(e -> e.startsWith("/sku: "));
        assertThat(publishedSoFar()).isEqualTo(before);
    }

    @Test
    void anOversizedBodyIsRefusedWith413AndNothingIsPublished() throws Exception {
        long before = publishedSoFar();
        String big = "{\"id\":\"big\",\"blob\":\"" + "x".repeat(600 * 1024) + "\"}";

        HttpResponse<String> response = post("/api/ingest/product", "application/json", big);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).get("detail").asText())
                .startsWith("Request body of " + big.length() + " bytes is over the limit of 524288 bytes");
        assertThat(publishedSoFar()).isEqualTo(before);
    }

    @Test
    void storedEventsCanBeLookedUpByRecord() throws Exception {
        String sku = "level-" + UUID.randomUUID();
        assertThat(post("/api/ingest/inventory-level", "application/json", CanonicalRecords.inventoryLevel(sku, 5))
                .statusCode()).isEqualTo(202);
        assertThat(post("/api/ingest/inventory-level", "application/json", CanonicalRecords.inventoryLevel(sku, 4))
                .statusCode()).isEqualTo(202);

        JsonNode events = await().atMost(Duration.ofSeconds(30)).until(
                () -> JSON.readTree(get("/api/events/inventory-level/" + sku).body()), list -> list.size() == 2);

        assertThat(events.get(0).get("payload").asText()).contains("\"onHand\": 4");
        assertThat(events.get(0).get("correlation_id").asText()).isNotBlank();
    }

    private long publishedSoFar() {
        List<String> topics = events.entities().stream().map(EventTopics::topicFor).toList();
        return EventTopicReader.endOffsetSum(bootstrapServers, topics);
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
