package io.omnihub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.omnihub.correlation.CorrelationIds;
import io.omnihub.event.EventIds;

/**
/**
 * Sustained event rate of the stock core of a running hub (loopback only, bounded): writes
 * {@code events} canonical inventory adjustments (till sales and receipts, alternating, over
 * {@code skus} SKUs at one store) straight onto omnihub.inventory-adjustment.v1 as CloudEvents with
 * the ids the webhook door gives a till sale (a time-ordered correlation id, an event id derived
 * from it), then reads the hub's counter omnihub.stock.events until the stock core has applied them
 * all. Also when the three outbound consumers (consumer groups omnihub-outbound-*) have taken every
 * availability record the core published, i.e. stored it as a wanted value or left it alone: the
 * rate of the whole path from the core's topic to outbound delivery's positions. This is done
 * {@code rounds} times against the same hub, each with new SKUs; the first round warms the hub's JIT
 * up, so the sustained rate is the median of the others. Baseline in the same run: a bare Kafka
 * consumer reading the last round's records again, doing nothing with them — the broker and
 * consumer floor under the core's own cost. Prints a Markdown table.
 *
 * <p>With {@code eventIds=name} the event ids are the name-based UUIDs (version 3) the door gave
 * before ADR 0012, to compare the two.
 *
 * <pre>args: kafkaBootstrap hubBaseUrl [events=20000] [skus=100] [rounds=4] [eventIds=door|name] [timeoutSeconds=600]</pre>
 */
public final class StockCoreLoadHarness {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String hub = args[1];
        for (String address : new String[] {"http://" + bootstrap, hub}) {
            String host = URI.create(address).getHost();
            if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
                throw new IllegalArgumentException("loopback only: " + address);
            }
        }
        int events = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int skus = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        boolean nameBased = args.length > 5 && args[5].equals("name");
        long timeout = args.length > 6 ? Long.parseLong(args[6]) : 600;

        System.out.println("| round | written to Kafka by the harness, events/s | stock core (lock, apply, availability, publish), events/s"
                + " | stock core and the three outbound consumers after it, events/s |");
        System.out.println("|---|---|---|---|");
        List<Double> core = new ArrayList<>();
        List<Double> outbound = new ArrayList<>();
        String run = null;
        for (int round = 1; round <= rounds; round++) {
            run = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
            Round result = round(bootstrap, hub, run, events, skus, nameBased, timeout);
            System.out.printf("| %s | %.0f | %s | %s |%n", round == 1 ? "1 (warm-up)" : String.valueOf(round),
                    result.written(), rate(result.core()), rate(result.outbound()));
            if (round > 1) {
                core.add(result.core() == null ? 0 : result.core());
                outbound.add(result.outbound() == null ? 0 : result.outbound());
            }
        }
        if (!core.isEmpty()) {
            System.out.printf("| median of rounds 2-%d | | %s | %s |%n", rounds, rate(median(core)), rate(median(outbound)));
        }
        System.out.printf("%nBaseline: a bare Kafka consumer read the topic's records (every round's) at %.0f events/s.%n",
                readAgain(bootstrap, run, events));
    }

    private record Round(double written, Double core, Double outbound) {
    }

    /** One round: writes the events, then waits for the core and for outbound delivery; rates in events/s, null if unfinished. */
    private static Round round(String bootstrap, String hub, String run, int events, int skus, boolean nameBased,
            long timeout) throws Exception {
        double before = applied(hub);
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerSettings(bootstrap))) {
            for (int i = 0; i < events; i++) {
                String sku = "BENCH-" + run + "-" + (i % skus);
                producer.send(adjustment(run, sku, i, nameBased));
            }
        }
        double written = events / ((System.nanoTime() - start) / 1e9);
        Double core = null;
        long deadline = System.nanoTime() + timeout * 1_000_000_000L;
        while (core == null && System.nanoTime() < deadline) {
            Thread.sleep(200);
            if (applied(hub) - before >= events) {
                core = events / ((System.nanoTime() - start) / 1e9);
            }
        }
        Double outbound = core == null ? null : outboundCaughtUp(bootstrap, start, deadline);
        return new Round(written, core, outbound == null ? null : events / outbound);
    }

    private static String rate(Double eventsPerSecond) {
        return eventsPerSecond == null ? "unfinished" : "%.0f".formatted(eventsPerSecond);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * Seconds from the start until the outbound consumer groups have committed every availability
     * record published so far (the core is done, so nothing more comes); null if not within the deadline.
     */
    private static Double outboundCaughtUp(String bootstrap, long start, long deadline) throws Exception {
        Properties settings = new Properties();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(settings)) {
            String topic = "omnihub.availability.v1";
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get().forEach((partition, info) -> end.put(partition, info.offset()));
            while (System.nanoTime() < deadline) {
                boolean caughtUp = true;
                for (String group : List.of("omnihub-outbound-shopify", "omnihub-outbound-bol", "omnihub-outbound-square")) {
                    Map<TopicPartition, OffsetAndMetadata> committed =
                            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                    for (var partition : partitions) {
                        OffsetAndMetadata at = committed.get(partition);
                        caughtUp &= end.get(partition) == 0 || at != null && at.offset() >= end.get(partition);
                    }
                }
                if (caughtUp) {
                    return (System.nanoTime() - start) / 1e9;
                }
                Thread.sleep(200);
            }
            return null;
        }
    }

    /** Records per second a plain consumer reads from the start of the topic until it has seen all of the run's. */
    private static double readAgain(String bootstrap, String run, int events) {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-floor-" + run);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        long start = System.nanoTime();
        int seen = 0;
        long read = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings)) {
            consumer.subscribe(List.of("omnihub.inventory-adjustment.v1"));
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (seen < events && System.nanoTime() < deadline) {
                for (var record : consumer.poll(java.time.Duration.ofMillis(200))) {
                    read++;
                    if (record.key().startsWith("BENCH-" + run + "-")) {
                        seen++;
                    }
                }
            }
        }
        return read / ((System.nanoTime() - start) / 1e9);
    }

    /** A till sale or receipt with the ids the webhook door and processing would give it. */
    private static ProducerRecord<String, byte[]> adjustment(String run, String sku, int i, boolean nameBased) {
        String correlationId = CorrelationIds.newId();
        String name = "/omnihub/bench/stock-core/" + run + "#" + i;
        String id = nameBased ? UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString()
                : EventIds.named(correlationId, name);
        Instant at = Instant.parse("2026-11-23T10:00:00Z").plusMillis(i);
        String data = """
                {"id": "%s", "sku": "%s", "locationId": "UTR-01", "delta": %d, "reason": "%s", "occurredAt": "%s"}"""
                .formatted(id, sku, i % 2 == 0 ? 5 : -1, i % 2 == 0 ? "receipt" : "sale", at);
        var event = CloudEventBuilder.v1().withId(id).withSource(URI.create("/omnihub/bench/stock-core"))
                .withType("io.omnihub.inventory-adjustment.v1").withSubject(sku)
                .withTime(OffsetDateTime.now(ZoneOffset.UTC)).withDataContentType("application/json")
                .withExtension("correlationid", correlationId).withData(data.getBytes(StandardCharsets.UTF_8)).build();
        return KafkaMessageFactory.<String>createWriter("omnihub.inventory-adjustment.v1", sku).writeBinary(event);
    }

    private static Properties producerSettings(String bootstrap) {
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return settings;
    }

    private static final Pattern EVENTS_HANDLED = Pattern.compile(
            "^omnihub_stock_events_total(\\{[^}]*})? ([0-9.E]+)$", Pattern.MULTILINE);

    /** Events the stock core has handled (it takes them a batch at a time), from the hub's Prometheus endpoint. */
    private static double applied(String hub) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(hub + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = EVENTS_HANDLED.matcher(text);
        return m.find() ? Double.parseDouble(m.group(2)) : 0;
    }
}
