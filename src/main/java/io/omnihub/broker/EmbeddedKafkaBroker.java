package io.omnihub.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Apache Kafka broker in KRaft mode, running inside the hub's JVM.
 *
 * <p>It plays the part of a dev service: the hub's producers and consumers talk to it over
 * 127.0.0.1 exactly as they would to a real cluster. The log lives in a directory of its own,
 * formatted on first start, so topics and committed offsets survive a restart.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    /**
     * @param logDir         where the Kafka log lives (created and formatted when empty)
     * @param port           client port on 127.0.0.1; 0 picks a free one
     * @param controllerPort KRaft controller port on 127.0.0.1; 0 picks a free one
     */
    public EmbeddedKafkaBroker(Path logDir, int port, int controllerPort) {
        this.logDir = logDir.toAbsolutePath();
        this.port = port == 0 ? freePort() : port;
        this.controllerPort = controllerPort == 0 ? freePort() : controllerPort;
    }

    /** Formats the log directory on first use and starts the broker; returns once it serves. */
    public EmbeddedKafkaBroker start() {
        Properties props = brokerProperties();
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        formatOnce();
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        log.info("Embedded Kafka broker (KRaft) serving on {} with its log in {}", bootstrapServers(), logDir);
        return this;
    }

    /**
     * Runs the broker on its own until the process is stopped, e.g. to share one between hubs or
     * to measure a hub without its in-process broker:
     * {@code java -cp omnihub.jar -Dloader.main=io.omnihub.broker.EmbeddedKafkaBroker
     * org.springframework.boot.loader.launch.PropertiesLauncher <log-dir> <port> <controller-port>}.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: EmbeddedKafkaBroker <log-dir> <port> <controller-port>");
            System.exit(2);
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(
                Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2])).start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-kafka-shutdown"));
        Thread.currentThread().join();
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            log.info("Embedded Kafka broker stopped");
        }
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // one node: every internal topic has a single replica
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // topics are created by the hub (EventTopics), as they would be on a managed cluster
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    private void formatOnce() {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(NODE_ID)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(logDir.toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Kafka log directory " + logDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format the Kafka log directory " + logDir, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }
}
