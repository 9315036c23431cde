package io.omnihub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Delivery, retries and the webhook fault switches, against a real HTTP receiver on loopback. */
class WebhookDispatcherTest {

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> attempts = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private HttpServer receiver;
    private Faults faults;
    private WebhookDispatcher dispatcher;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            attempts.add(exchange.getRequestHeaders().getFirst("X-Attempt") + ":" + exchange.getRequestHeaders().getFirst("X-Last-Failure"));
            int status = failuresLeft.getAndDecrement() > 0 ? 500 : 200;
            if (status == 200) {
                received.add(body);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        faults = new Faults(null);
        var policy = new WebhookDispatcher.RetryPolicy(3, Duration.ofMillis(20), 2.0, Duration.ofMillis(200), Duration.ofSeconds(2));
        dispatcher = new WebhookDispatcher("test", faults,
                (webhook, attempt, lastFailure) -> Map.of("X-Attempt", String.valueOf(attempt), "X-Last-Failure", String.valueOf(lastFailure)),
                policy, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        dispatcher.close();
        receiver.stop(0);
    }

    @Test
    void failedDeliveriesAreRetriedWithTheAttemptAndReason() {
        failuresLeft.set(2);
        dispatcher.publish(webhook("e1"));

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
        assertThat(attempts).containsExactly("0:null", "1:http_error", "2:http_error");
        assertThat(dispatcher.deliveries()).extracting(WebhookDispatcher.Delivery::status).containsExactly(500, 500, 200);
    }

    @Test
    void givesUpAfterTheLastRetry() {
        failuresLeft.set(100);
        dispatcher.publish(webhook("e1"));

        await().atMost(Duration.ofSeconds(5)).until(() -> dispatcher.deliveries().size() == 4);
        await().during(Duration.ofMillis(400)).until(() -> dispatcher.deliveries().size() == 4);
        assertThat(received).isEmpty();
    }

    @Test
    void droppedDuplicatedAndReorderedAsSwitched() {
        faults.set(new Faults.Settings(0, 0, 0, 1, 1, 0));
        dispatcher.publish(webhook("dropped"));
        dispatcher.publish(webhook("twice"));
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
        assertThat(received).containsExactly("twice", "twice");

        received.clear();
        faults.set(new Faults.Settings(0, 0, 0, 0, 0, 3));
        dispatcher.publish(webhook("first"));
        dispatcher.publish(webhook("second"));
        await().during(Duration.ofMillis(200)).until(received::isEmpty);
        dispatcher.publish(webhook("third"));
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 3);
        assertThat(received).containsExactly("third", "second", "first");
    }

    private WebhookDispatcher.Webhook webhook(String body) {
        return new WebhookDispatcher.Webhook(body, "test/topic",
                URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"), body.getBytes(StandardCharsets.UTF_8));
    }
}
