package io.omnihub.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole hub as `./mvnw spring-boot:run` starts it: real HTTP on 127.0.0.1, the in-process
 * Kafka broker (on free ports, log in a fresh directory) and the database, which is H2 unless
 * SPRING_DATASOURCE_URL points at PostgreSQL (as .ci/run does). Subclasses share one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "omnihub.kafka.embedded.port=0",
        "omnihub.kafka.embedded.controller-port=0",
        // @SpringBootTest switches Spring's MBean export off; the hub's own MBeans are under test
        "spring.jmx.enabled=true",
        // webhook accounts' secrets, as the environment would give them
        "OMNIHUB_SHOPIFY_WEBHOOK_SECRET=" + HubIntegrationTest.SHOPIFY_WEBHOOK_SECRET,
        "OMNIHUB_SQUARE_WEBHOOK_SIGNATURE_KEY=" + HubIntegrationTest.SQUARE_SIGNATURE_KEY,
        "OMNIHUB_SQUARE_NOTIFICATION_URL=" + HubIntegrationTest.SQUARE_NOTIFICATION_URL,
        "omnihub.webhooks.sweep-every=1s",
        // partner files: quick polls, a short read-lock age and a small size limit keep file tests short
        "omnihub.files.poll-delay=200ms",
        "omnihub.files.min-age=500ms",
        "omnihub.files.max-file-size=64KB",
        // a second partner on the drop-ship mapping that promises done files (<name>.done)
        "omnihub.files.partners.dropship-done.mapping=dropship/stock-row.in",
        "omnihub.files.partners.dropship-done.done-file=true",
        // the sandboxes run beside the hub as in the default run, on free ports
        "omnihub.sandbox.shopify.port=0",
        "omnihub.sandbox.bol.port=0",
        "omnihub.sandbox.square.port=0",
        "omnihub.sandbox.erp.port=0",
        // 1,003 SKUs instead of 475, for outbound bursts across 1,000 SKUs (the first 200 products are the same)
        "omnihub.sandbox.products=420",
        // tests run the simulated ERP job themselves, so its rows are the ones they expect
        "omnihub.sandbox.erp.job-interval=0",
        // tests seed what they use; the default run's seeding is covered by DemoIT
        "omnihub.sandbox.seed-hub=false",
        // the outbound targets serve test channels: what the stock core derives from the ERP
        // sandbox's seed (real channels) stays away from the outbound tests' keys and rate budgets;
        // DemoIT runs the real wiring from till to shop and marketplace
        "omnihub.outbound.shopify.channel=it-webshop-shopify",
        "omnihub.outbound.bol.channel=it-marketplace-bol",
        "omnihub.outbound.square.channel=it-store",
        // Square delivery is off by default (application.yaml); on here, pointed at the sandbox by SandboxOutboundTargets
        "omnihub.outbound.square.base-url=http://127.0.0.1:18083",

        // the ERP pollers pick up what a test writes into the staging tables within a fraction of a second
        "omnihub.erp.poll-period=200ms",
        // the bol.com order poller stays stopped unless a test starts its route (BolOrdersPollIT), then
        // polls often (and within bol's limits as the profile below sets them)
        "omnihub.bol.orders.auto-start=false",
        "omnihub.bol.orders.poll-period=300ms"})
@ActiveProfiles(HubIntegrationTest.FREQUENT_BOL_ORDER_READS)
public abstract class HubIntegrationTest {

    /** Profile (src/test/resources): bol.com order reads allowed often, in the hub and in its sandbox. */
    public static final String FREQUENT_BOL_ORDER_READS = "frequent-bol-order-reads";

    public static final String SHOPIFY_WEBHOOK_SECRET = "it-shopify-client-secret";
    public static final String SQUARE_SIGNATURE_KEY = "it-square-signature-key";
    public static final String SQUARE_NOTIFICATION_URL = "https://hub.example.test/webhooks/square/outdoor-nl";

    private static final Path DATA_DIR = newDataDir("hub");

    @LocalServerPort
    protected int port;

    @Value("${omnihub.kafka.bootstrap-servers}")
    protected String bootstrapServers;

    @Autowired
    protected JdbcTemplate jdbc;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("omnihub.data-dir", DATA_DIR::toString);
    }

    /**
     * Every test starts from a quiet hub: the ERP pollers have handed off what waits in the staging
     * tables (the sandbox's seed after start-up, rows an earlier test wrote) and the store holds
     * those events. A test that checks nothing was published, or waits for the store, then sees only
     * what it did itself.
     */
    @BeforeEach
    void hubIsQuiet() {
        awaitQuiet(jdbc);
    }

    /**
     * Waits until the hub behind {@code jdbc} has handed off what waits in the ERP staging tables,
     * stored those events, and the stock core has handled every stored stock event: applied it, or
     * parked it as unusable (a test's bad input).
     */
    public static void awaitQuiet(JdbcTemplate jdbc) {
        await().atMost(Duration.ofMinutes(2)).until(() -> jdbc.queryForObject("""
                SELECT (SELECT COUNT(*) FROM erp.item_out WHERE status = 'NEW')
                     + (SELECT COUNT(*) FROM erp.price_out WHERE status = 'NEW')
                     + (SELECT COUNT(*) FROM erp.stock_booking_out WHERE status = 'NEW')
                     + (SELECT COUNT(*) FROM erp_handoff h WHERE h.outcome = 'PUBLISHED'
                        AND NOT EXISTS (SELECT 1 FROM ingested_event e WHERE e.event_id = h.event_id))""",
                Long.class) == 0);
        // and the stock core has applied them, so the availability it derives is published too
        await().atMost(Duration.ofMinutes(2)).until(() -> jdbc.queryForObject("""
                SELECT COUNT(*) FROM ingested_event e
                WHERE e.entity IN ('inventory-level', 'inventory-adjustment', 'order')
                  AND NOT EXISTS (SELECT 1 FROM stock_event s WHERE s.event_id = e.event_id)
                  AND NOT EXISTS (SELECT 1 FROM rejected_event r
                                  WHERE r.event_id = e.event_id AND r.consumer_group = 'omnihub-stock-core')""",
                Long.class) == 0);
    }

    /** A fresh directory under target/ for one hub's data (H2 files, Kafka log), as an absolute path. */
    public static Path newDataDir(String name) {
        try {
            Path base = Files.createDirectories(Path.of("target", "it-data").toAbsolutePath());
            return Files.createTempDirectory(base, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected HubClient hub() {
        return new HubClient(port);
    }

    protected HttpResponse<String> post(String path, String contentType, String body, String... headers)
            throws IOException, InterruptedException {
        return hub().post(path, contentType, body, headers);
    }

    protected HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return hub().get(path, headers);
    }
}
