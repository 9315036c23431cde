package io.omnihub.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.omnihub.OmnihubApplication;

/**
 * A hub on the default run's wiring, in this JVM beside the shared test context: the reference
 * retailer seeded in every sandbox and in the hub, the sandboxes' webhooks pointed at this hub,
 * the stock core's real channels delivered to the Shopify and bol.com sandboxes. Free ports and its
 * own data directory. Its own database too, as the ERP sandbox's staging tables live in schema erp
 * of the hub's database, which the shared context's ERP pollers would otherwise share: the embedded
 * H2, or on PostgreSQL the database {@value #DATABASE_URL} names (.ci/run creates it), emptied first.
 */
public record DefaultRunHub(ConfigurableApplicationContext context, HubClient client, Path dataDir) implements AutoCloseable {

    /** The JDBC URL of a PostgreSQL database for this hub alone; the role is the shared context's. */
    static final String DATABASE_URL = "OMNIHUB_IT_DEFAULT_RUN_DATASOURCE_URL";

    /** Starts the hub; {@code args} add or override settings (--name=value). */
    public static DefaultRunHub start(String name, String... args) {
        int port = LoopbackPorts.unused();
        String hubUrl = "http://127.0.0.1:" + port;
        Path dataDir = HubIntegrationTest.newDataDir(name);
        List<String> command = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--omnihub.data-dir=" + dataDir,
                "--omnihub.kafka.embedded.port=0",
                "--omnihub.kafka.embedded.controller-port=0",
                "--spring.jmx.enabled=false",
                // the simulated ERP's own random bookings would move the numbers under test
                "--omnihub.sandbox.erp.job-interval=0",
                "--omnihub.sandbox.shopify.port=0", "--omnihub.sandbox.bol.port=0",
                "--omnihub.sandbox.square.port=0", "--omnihub.sandbox.erp.port=0",
                "--omnihub.sandbox.square.notification-url=" + hubUrl + "/webhooks/square/outdoor-nl",
                "--omnihub.sandbox.shopify.webhook-url=" + hubUrl + "/webhooks/shopify/omnihub-outdoor",
                "--OMNIHUB_SQUARE_NOTIFICATION_URL=" + hubUrl + "/webhooks/square/outdoor-nl"));
        command.addAll(database(dataDir));
        command.addAll(List.of(args));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(OmnihubApplication.class)
                .run(command.toArray(String[]::new));
        return new DefaultRunHub(context, new HubClient(port), dataDir);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }

    private static List<String> database(Path dataDir) {
        String url = System.getenv(DATABASE_URL);
        if (url == null) {
            if ("PostgreSQL".equals(System.getenv("OMNIHUB_IT_EXPECTED_DATABASE"))) {
                throw new IllegalStateException("These tests should run on PostgreSQL, but " + DATABASE_URL + " is not set");
            }
            return List.of("--spring.datasource.url=jdbc:h2:file:" + dataDir + "/db/omnihub;MODE=PostgreSQL;"
                    + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
                    "--spring.datasource.username=sa", "--spring.datasource.password=");
        }
        String user = System.getenv("SPRING_DATASOURCE_USERNAME");
        String password = System.getenv("SPRING_DATASOURCE_PASSWORD");
        // a fresh start, as the embedded default has: whatever an earlier hub left there goes
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP OWNED BY CURRENT_USER");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not empty the database " + url, e);
        }
        return List.of("--spring.datasource.url=" + url);
    }
}
