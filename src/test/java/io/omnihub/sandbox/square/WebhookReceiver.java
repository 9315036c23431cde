package io.omnihub.sandbox.square;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

/**
 * A notification URL on 127.0.0.1 that keeps every delivery (headers and raw body) and can fail the
 * first attempt of chosen event types with a 500.
 */
final class WebhookReceiver implements AutoCloseable {

    static final String PATH = "/webhooks/square/outdoor-nl";

    record Delivery(Headers headers, String body, JsonNode json) {

        String header(String name) {
            return headers.getFirst(name);
        }

        String type() {
            return json.path("type").asText();
        }

        String eventId() {
            return json.path("event_id").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Set<String> failFirstAttemptOf = ConcurrentHashMap.newKeySet();
    private final Set<String> failedEvents = ConcurrentHashMap.newKeySet();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext(PATH, exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            var delivery = new Delivery(exchange.getRequestHeaders(), body, JSON.readTree(body));
            deliveries.add(delivery);
            boolean fail = failFirstAttemptOf.contains(delivery.type()) && failedEvents.add(delivery.eventId());
            exchange.sendResponseHeaders(fail ? 500 : 200, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Answers 500 to the first delivery of each new event of this type, 200 to its retries. */
    void failFirstAttemptOf(String type) {
        failFirstAttemptOf.add(type);
    }

    void reset() {
        failFirstAttemptOf.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
