package io.omnihub.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import io.omnihub.support.HubClient;
import io.omnihub.support.HubIntegrationTest;
import io.omnihub.support.LoopbackPorts;
import io.omnihub.xref.IdRegistry;

/**
 * The hub process killed hard (SIGKILL, no shutdown hooks) after it acknowledged webhooks: after a
 * restart every acknowledged webhook is processed exactly once. The hub runs in a forked JVM on the
 * test's class path, with its own data directory (H2 and the Kafka log) — or, when
 * SPRING_DATASOURCE_URL points at PostgreSQL as in .ci/run, its own schema there.
 *
 * The stock core runs (and dies) in the same process: at the end each SKU's on hand is the count
 * sent for it, each count applied once.
 *
 * <ol>
 *   <li>hub A stores webhooks but does not process them (its processing flows left out): killed
 *       right after the last 200, every acknowledged row must be in the table;</li>
 *   <li>hub B processes them and takes new ones meanwhile: killed in the middle of that;</li>
 *   <li>hub C finishes: every row PUBLISHED and exactly one stored canonical event per webhook.</li>
 * </ol>
 */
class WebhookCrashIT {

    private static final String SIGNATURE_KEY = "crash-it-square-signature-key";
    private static final String NOTIFICATION_URL = "https://hub.example.test/webhooks/square/outdoor-nl";
    private static final String SQUARE = "/webhooks/square/outdoor-nl";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STORED_ONLY = 300;
    private static final int DURING_PROCESSING = 100;

    private final Path dataDir = HubIntegrationTest.newDataDir("crash");
    private final String schema = "crash_" + UUID.randomUUID().toString().replace("-", "");
    private final String database = database();
    private final int httpPort = LoopbackPorts.unused();
    private final int kafkaPort = LoopbackPorts.unused();
    private final int controllerPort = LoopbackPorts.unused();
    private Process hub;

    @AfterEach
    void stopHub() {
        if (hub != null) {
            hub.destroyForcibly();
        }
    }

    @Test
    void everyAcknowledgedWebhookIsProcessedExactlyOnceAfterAKill() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);

        hub = start("a", "--camel.main.routes-exclude-pattern="
                + "file:routes/webhook-inbox-process.camel.yaml,file:routes/webhook-inbox-sweep.camel.yaml");
        List<String> acknowledged = new ArrayList<>(send(run, 0, STORED_ONLY));
        killHub();
        assertThat(acknowledged).hasSize(STORED_ONLY);
        try (Db db = db()) {
            assertThat(db.statuses(run)).as("acknowledged before the kill, stored, not yet processed")
                    .isEqualTo(Map.of("RECEIVED", (long) STORED_ONLY));
            // the catalogue is reference data the hub knows before stock arrives for it
            IdRegistry registry = new IdRegistry(JdbcClient.create(db.jdbc.getDataSource()));
            IntStream.range(0, STORED_ONLY + DURING_PROCESSING)
                    .forEach(i -> registry.link("square", "sku", catalogId(run, i), sku(run, i)));
        }

        hub = start("b");
        String third = acknowledged.get(STORED_ONLY / 3);
        Future<List<String>> meanwhile = Executors.newSingleThreadExecutor()
                .submit(() -> send(run, STORED_ONLY, DURING_PROCESSING));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> String.valueOf(status(third)).startsWith("PUBLISHED"));
        acknowledged.addAll(meanwhile.get());
        killHub();
        try (Db db = db()) {
            assertThat(db.statuses(run).getOrDefault("PUBLISHED", 0L)).as("the kill came in the middle of processing")
                    .isLessThan(STORED_ONLY + DURING_PROCESSING);
        }

        hub = start("c");
        // published, and the event stored by the hub's own consumer (it may trail the publication)
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> acknowledged.stream().allMatch(id -> "PUBLISHED/stored".equals(status(id))));
        // and the stock core, killed with the rest, holds each SKU's count as if nothing had happened
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> IntStream.range(0, STORED_ONLY + DURING_PROCESSING).allMatch(i -> onHand(sku(run, i)) == i % 50));
        hub.destroy();
        hub.waitFor();
        try (Db db = db()) {
            assertThat(db.statuses(run)).isEqualTo(Map.of("PUBLISHED", (long) acknowledged.size()));
            assertThat(db.jdbc.queryForList("""
                    SELECT w.event_id FROM webhook_inbox w JOIN ingested_event e ON e.correlation_id = w.correlation_id
                    WHERE w.event_id LIKE ? AND e.entity = 'inventory-level' GROUP BY w.event_id HAVING COUNT(*) = 1""",
                    String.class, run + "-%"))
                    .as("one canonical event stored per acknowledged webhook, none twice")
                    .containsExactlyInAnyOrderElementsOf(acknowledged);
            assertThat(db.jdbc.queryForList("SELECT outcome, COUNT(*) AS n FROM stock_event WHERE record_id LIKE ? GROUP BY outcome",
                    "CRASH-" + run + "-%")).as("every count applied by the stock core once")
                    .containsExactly(Map.of("outcome", "APPLIED", "n", (long) acknowledged.size()));
        }
    }

    /** Sends Square webhooks {@code from}..{@code from+count-1} from 8 connections; answers the acknowledged event ids. */
    private List<String> send(String run, int from, int count) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> sent = IntStream.range(from, from + count).mapToObj(i -> senders.submit(() -> {
                String eventId = run + "-" + i;
                String body = countUpdated(eventId, catalogId(run, i), i);
                HttpResponse<String> response = client().post(SQUARE, "application/json", body,
                        "x-square-hmacsha256-signature", sign(NOTIFICATION_URL + body));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                return eventId;
            })).toList();
            List<String> acknowledged = new ArrayList<>();
            for (Future<String> f : sent) {
                acknowledged.add(f.get());
            }
            return acknowledged;
        } finally {
            senders.shutdownNow();
        }
    }

    /** The webhook's status as the hub's history endpoint tells it, "/stored" once its event is stored; null while it does not know it. */
    private String status(String eventId) {
        try {
            HttpResponse<String> history = client().get("/api/inbound/webhooks/square/outdoor-nl/" + eventId);
            if (history.statusCode() != 200) {
                return null;
            }
            JsonNode chain = JSON.readTree(history.body());
            boolean stored = chain.get("events").findValuesAsText("entity").contains("inventory-level");
            return chain.at("/webhook/status").asText() + (stored ? "/stored" : "");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The SKU's on hand at its one location as the hub's lineage endpoint tells it; -1 while the stock core has not seen it. */
    private int onHand(String sku) {
        try {
            HttpResponse<String> lineage = client().get("/api/stock/skus/" + sku);
            JsonNode positions = JSON.readTree(lineage.body()).path("positions");
            return lineage.statusCode() == 200 && positions.size() == 1 ? positions.get(0).path("on_hand").asInt() : -1;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Process start(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "io.omnihub.OmnihubApplication",
                "--server.port=" + httpPort,
                "--omnihub.data-dir=" + dataDir,
                "--omnihub.kafka.embedded.port=" + kafkaPort,
                "--omnihub.kafka.embedded.controller-port=" + controllerPort,
                "--omnihub.sandbox.enabled=false",
                "--omnihub.webhooks.sweep-every=1s"));
        if (database.startsWith("jdbc:postgresql:")) {
            command.add("--spring.datasource.url=" + database);
            command.add("--spring.flyway.schemas=" + schema); // created by Flyway, then the hub's own
        }
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("hub-" + name + ".log").toFile());
        builder.environment().put("OMNIHUB_SQUARE_WEBHOOK_SIGNATURE_KEY", SIGNATURE_KEY);
        builder.environment().put("OMNIHUB_SQUARE_NOTIFICATION_URL", NOTIFICATION_URL);
        Process process = builder.start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("hub " + name + " exited with " + process.exitValue() + "; the end of its log:\n"
                        + logTail(dataDir.resolve("hub-" + name + ".log"), 60));
            }
            try {
                return client().get("/actuator/health/readiness").statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
        return process;
    }

    /** The last lines of a hub's log: CI keeps only the test report, so the reason a hub died must be in it. */
    private static String logTail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private void killHub() throws InterruptedException {
        hub.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful stop
        hub.waitFor();
        assertThat(hub.exitValue()).isEqualTo(137);
    }

    private HubClient client() {
        return new HubClient(httpPort);
    }

    /** The hub's embedded H2 in this test's data directory, or a fresh schema in the PostgreSQL database CI gives. */
    private String database() {
        String url = System.getenv("SPRING_DATASOURCE_URL");
        if (url == null || url.isBlank()) {
            return "jdbc:h2:file:" + dataDir + "/db/omnihub;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private Db db() {
        String user = System.getenv().getOrDefault("SPRING_DATASOURCE_USERNAME", "sa");
        String password = System.getenv().getOrDefault("SPRING_DATASOURCE_PASSWORD", "");
        return new Db(new SingleConnectionDataSource(database, user, password, true));
    }

    /** The dead hub's database, opened by the test between runs. */
    private record Db(JdbcTemplate jdbc, SingleConnectionDataSource source) implements AutoCloseable {

        Db(SingleConnectionDataSource source) {
            this(new JdbcTemplate(source), source);
        }

        Map<String, Long> statuses(String run) {
            return jdbc.queryForList("SELECT status, COUNT(*) AS n FROM webhook_inbox WHERE event_id LIKE ? GROUP BY status",
                    run + "-%").stream().collect(Collectors.toMap(r -> (String) r.get("status"), r -> ((Number) r.get("n")).longValue()));
        }

        @Override
        public void close() {
            source.destroy();
        }
    }

    private static String countUpdated(String eventId, String catalogId, int i) {
        return """
                {"merchant_id": "MLX1", "type": "inventory.count.updated", "event_id": "%s",
                 "created_at": "2026-11-23T10:15:00Z",
                 "data": {"type": "inventory_counts", "id": "%s", "object": {"inventory_counts": [
                   {"catalog_object_id": "%s", "catalog_object_type": "ITEM_VARIATION",
                    "state": "IN_STOCK", "location_id": "L8RWN7ZDWRXKX", "quantity": "%d",
                    "calculated_at": "2026-11-23T10:14:59Z"}]}}}""".formatted(eventId, eventId, catalogId, i % 50);
    }

    private static String catalogId(String run, int i) {
        return "CRASH" + run.toUpperCase() + i;
    }

    private static String sku(String run, int i) {
        return "CRASH-" + run + "-" + i;
    }

    private static String sign(String signed) {
        return Base64.getEncoder().encodeToString(
                HmacSignature.sign(SIGNATURE_KEY, new byte[0], signed.getBytes(StandardCharsets.UTF_8)));
    }
}
