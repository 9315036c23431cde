package io.omnihub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.omnihub.OmnihubApplication;

/**
 * A hub on the default run's wiring, in this JVM beside the shared test context: the reference
 * retailer seeded in every sandbox and in the hub, the sandboxes' webhooks pointed at this hub,
 * the stock core's real channels delivered to the Shopify and bol.com sandboxes. Free ports, its
 * own data directory and always the embedded H2: the ERP sandbox's staging tables live in schema
 * erp of the hub's database, which on CI's PostgreSQL the shared context's ERP pollers would share.
 */
public record DefaultRunHub(ConfigurableApplicationContext context, HubClient client, Path dataDir) implements AutoCloseable {

    /** Starts the hub; {@code args} add or override settings (--name=value). */
    public static DefaultRunHub start(String name, String... args) {
        int port = freePort();
        String hubUrl = "http://127.0.0.1:" + port;
        Path dataDir = HubIntegrationTest.newDataDir(name);
        List<String> command = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--omnihub.data-dir=" + dataDir,
                "--omnihub.kafka.embedded.port=0",
                "--omnihub.kafka.embedded.controller-port=0",
                "--spring.jmx.enabled=false",
                "--spring.datasource.url=jdbc:h2:file:" + dataDir + "/db/omnihub;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
                "--spring.datasource.username=sa", "--spring.datasource.password=",
                // the simulated ERP's own random bookings would move the numbers under test
                "--omnihub.sandbox.erp.job-interval=0",
                "--omnihub.sandbox.shopify.port=0", "--omnihub.sandbox.bol.port=0",
                "--omnihub.sandbox.square.port=0", "--omnihub.sandbox.erp.port=0",
                "--omnihub.sandbox.square.notification-url=" + hubUrl + "/webhooks/square/outdoor-nl",
                "--omnihub.sandbox.shopify.webhook-url=" + hubUrl + "/webhooks/shopify/omnihub-outdoor",
                "--OMNIHUB_SQUARE_NOTIFICATION_URL=" + hubUrl + "/webhooks/square/outdoor-nl"));
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
