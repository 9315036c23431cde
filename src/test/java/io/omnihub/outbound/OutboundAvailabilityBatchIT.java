package io.omnihub.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.omnihub.outbound.DeliveryPositions.Submitted;
import io.omnihub.outbound.spi.Target;
import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.shopify.ShopifyCatalog;
import io.omnihub.sandbox.shopify.ShopifyInventory;
import io.omnihub.sandbox.shopify.ShopifySandbox;
import io.omnihub.support.HubIntegrationTest;
import io.omnihub.support.SandboxCatalogue;
import io.omnihub.xref.IdRegistry;

/**
 * The outbound consumers take availability a Kafka poll at a time: records written in one producer
 * send to one partition reach the Shopify consumer as one batch, stored in one transaction. Each test
 * uses its own keys at UTR-01 (variants 990–995), away from the other outbound tests' keys.
 */
class OutboundAvailabilityBatchIT extends HubIntegrationTest {

    private static final String TOPIC = "omnihub.availability.v1";

    @Autowired
    OutboundDelivery delivery;
    @Autowired
    DeliveryPositions positions;
    @Autowired
    ShopifySandbox shopify;
    @Autowired
    ReferenceRetailer retailer;
    @Autowired
    IdRegistry registry;

    Target target;

    @BeforeEach
    void linkCatalogue() {
        SandboxCatalogue.link(registry, retailer);
        target = delivery.target("shopify");
    }

    @Test
    void unusableRecordsInTheMiddleOfABatchAreParkedWithTheirReasonAndTheRecordsAroundThemAreDelivered() throws Exception {
        String before = sku(990);
        String noLocation = sku(991);
        String after = sku(992);
        Instant now = Instant.now();
        String run = UUID.randomUUID().toString().substring(0, 8);
        send(List.of(
                record(before + "@UTR-01", "batch-before-" + run, availability(before, "UTR-01", 14, now)),
                record(noLocation, "batch-no-location-" + run, availability(noLocation, null, 6, now)),
                record(after, "batch-negative-" + run, availability(after, "UTR-01", -3, now)),
                record(after + "@UTR-01", "batch-after-" + run, availability(after, "UTR-01", 15, now))));

        await().atMost(Duration.ofSeconds(60)).until(() -> available(before) == 14 && available(after) == 15);
        assertThat(parkedReason("batch-no-location-" + run)).contains("shopify holds stock per location")
                .contains("needs a locationId");
        assertThat(parkedReason("batch-negative-" + run)).startsWith("Not a valid availability record (availability.schema.json)")
                .contains("/available");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbound_position WHERE target = ? AND sku = ? AND location_id = ''",
                Long.class, target.id(), noLocation)).isZero();
    }

    @Test
    void ofSeveralRecordsForOneKeyInABatchTheLatestWinsAndOnlyItIsSent() throws Exception {
        String sku = sku(993);
        Instant at = Instant.now();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String key = sku + "@UTR-01";
        send(List.of(
                record(key, "batch-first-" + run, availability(sku, "UTR-01", 21, at)),
                record(key, "batch-second-" + run, availability(sku, "UTR-01", 22, at.plusMillis(1))),
                // as newly computed as the one before it, and later on the topic: it wins
                record(key, "batch-third-" + run, availability(sku, "UTR-01", 23, at.plusMillis(1))),
                // computed before the others, though written last: never taken
                record(key, "batch-older-" + run, availability(sku, "UTR-01", 9, at.minusSeconds(1)))));

        await().atMost(Duration.ofSeconds(60)).until(() -> available(sku) == 23);
        assertThat(jdbc.queryForMap("SELECT wanted_quantity, correlation_id FROM outbound_position "
                + "WHERE target = ? AND sku = ? AND location_id = 'UTR-01'", target.id(), sku))
                .containsEntry("WANTED_QUANTITY", 23).containsEntry("CORRELATION_ID", "batch-third-" + run);
        // stored once for the batch: no other value of the key went to the shop
        assertThat(jdbc.queryForList("SELECT DISTINCT quantity FROM outbound_call_change WHERE sku = ? AND location_id = 'UTR-01' "
                + "AND correlation_id LIKE ?", Integer.class, sku, "batch-%-" + run)).containsExactly(23);
    }

    @Test
    void submittingABatchAnswersForEachChangeAndKeepsTheNewestOfEachKey() {
        String first = sku(994);
        String second = sku(995);
        Instant at = Instant.now();
        List<Submitted> outcomes = positions.submitAll(target, List.of(
                change(first, 10, at),
                change(second, 5, at),
                change(first, 11, at.plusMillis(1)),
                change(first, 8, at.minusMillis(1))));
        assertThat(outcomes).containsExactly(Submitted.STALE, Submitted.QUEUED, Submitted.QUEUED, Submitted.STALE);
        assertThat(wanted(first)).isEqualTo(11);

        // against what is stored: older than the stored value is STALE, newer replaces it
        outcomes = positions.submitAll(target, List.of(change(second, 4, at.minusSeconds(1)), change(first, 12, at.plusMillis(2))));
        assertThat(outcomes).containsExactly(Submitted.STALE, Submitted.QUEUED);
        assertThat(wanted(first)).isEqualTo(12);
        assertThat(wanted(second)).isEqualTo(5);
        await().atMost(Duration.ofSeconds(60)).until(() -> available(first) == 12 && available(second) == 5);
    }

    private String sku(int variant) {
        return retailer.variants().get(variant).sku();
    }

    private AvailabilityChange change(String sku, int quantity, Instant at) {
        return new AvailabilityChange(target, sku, "UTR-01", quantity, "it-batch-" + UUID.randomUUID(), at);
    }

    private String availability(String sku, String location, int available, Instant computedAt) {
        String id = target.channel() + ":" + sku + (location == null ? "" : "@" + location);
        return """
                {"id": "%s", "sku": "%s", "channel": "%s", %s"available": %d, "computedAt": "%s"}"""
                .formatted(id, sku, target.channel(), location == null ? "" : "\"locationId\": \"" + location + "\", ",
                        available, computedAt);
    }

    /** An availability event as the stock core writes it; every record of a test on one Kafka key, so one partition, in order. */
    private ProducerRecord<String, byte[]> record(String subject, String correlationId, String data) {
        return KafkaMessageFactory.<String>createWriter(TOPIC, "batch-it").writeBinary(CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create("/test/outbound-batch"))
                .withType("io.omnihub.availability.v1")
                .withSubject(subject)
                .withTime(OffsetDateTime.now())
                .withExtension("correlationid", correlationId)
                .withData("application/json", data.getBytes(StandardCharsets.UTF_8))
                .build());
    }

    /** Sends the records in one go: one request to the broker, one record batch on the partition. */
    private void send(List<ProducerRecord<String, byte[]>> records) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 100),
                new StringSerializer(), new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    private String parkedReason(String correlationId) {
        await().atMost(Duration.ofSeconds(30)).pollDelay(0, TimeUnit.MILLISECONDS).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM rejected_event WHERE consumer_group = 'omnihub-outbound-shopify' AND correlation_id = ?",
                Long.class, correlationId) > 0);
        return jdbc.queryForObject("SELECT reason FROM rejected_event WHERE consumer_group = 'omnihub-outbound-shopify' "
                + "AND correlation_id = ?", String.class, correlationId);
    }

    private int wanted(String sku) {
        return jdbc.queryForObject("SELECT wanted_quantity FROM outbound_position WHERE target = ? AND sku = ? "
                + "AND location_id = 'UTR-01'", Integer.class, target.id(), sku);
    }

    private int available(String sku) {
        ShopifyCatalog catalog = shopify.state().catalog();
        return shopify.state().inventory()
                .level(catalog.variantBySku(sku).orElseThrow().inventoryItem(), catalog.locationByAnyId("UTR-01").orElseThrow())
                .orElseThrow().quantity(ShopifyInventory.AVAILABLE);
    }
}
