package io.omnihub.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a sandbox's outgoing webhooks the way the platform does: signed, with a time budget per
 * attempt, retried with exponential backoff on anything but 2xx, and with the fault switches for
 * dropped, duplicated and out-of-order delivery applied. Every attempt is kept for read-back.
 */
public final class WebhookDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int MAX_KEPT = 10_000;
    private static final long ORDER_GAP_MILLIS = 50;

    /** One notification: the platform's event id, its topic, where it goes and the exact body that is signed. */
    public record Webhook(String eventId, String topic, URI url, byte[] body) {
    }

    /** One delivery attempt as the platform saw it: status 0 when no HTTP answer came (error says why). */
    public record Delivery(String eventId, String topic, String url, int attempt, Instant at, int status, String error) {

        public boolean succeeded() {
            return status >= 200 && status < 300;
        }
    }

    /** The platform's headers for one attempt (signature, topic, retry number …). */
    @FunctionalInterface
    public interface Signer {
        /**
         * @param attempt     0 for the first delivery, then 1, 2 … for retries
         * @param lastFailure why the previous attempt failed ({@code http_error}, {@code http_timeout},
         *                    {@code other_error}); null on the first attempt
         */
        Map<String, String> headers(Webhook webhook, int attempt, String lastFailure);
    }

    /** Retries after the first attempt, the first back-off, its growth, its cap and the time budget of one attempt. */
    public record RetryPolicy(int maxRetries, Duration firstDelay, double multiplier, Duration maxDelay, Duration timeout) {

        Duration delayBefore(int attempt) {
            double millis = firstDelay.toMillis() * Math.pow(multiplier, attempt - 1);
            return Duration.ofMillis((long) Math.min(millis, maxDelay.toMillis()));
        }
    }

    private final String system;
    private final Faults faults;
    private final Signer signer;
    private final RetryPolicy policy;
    private final Clock clock;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final Deque<Delivery> deliveries = new ArrayDeque<>();
    private final List<Webhook> held = new ArrayList<>();

    public WebhookDispatcher(String system, Faults faults, Signer signer, RetryPolicy policy, Clock clock) {
        this.system = system;
        this.faults = faults;
        this.signer = signer;
        this.policy = policy;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-" + system + "-webhooks");
            t.setDaemon(true);
            return t;
        });
    }

    /** Hands a notification to delivery, after the fault switches had their say. */
    public void publish(Webhook webhook) {
        if (faults.dropWebhook()) {
            log.info("{} sandbox drops webhook {} ({}) as switched", system, webhook.eventId(), webhook.topic());
            return;
        }
        boolean duplicate = faults.duplicateWebhook();
        List<Webhook> ready = new ArrayList<>();
        synchronized (held) {
            if (faults.reorderWebhook()) {
                held.add(webhook);
                if (faults.reorderPending()) {
                    return;
                }
                ready.addAll(takeHeldNewestFirst());
            } else {
                ready.add(webhook);
            }
        }
        sendInOrder(ready);
        if (duplicate) {
            schedule(webhook, 0, null, Duration.ofMillis(10));
        }
    }

    /** Releases webhooks held for out-of-order delivery, newest first, without waiting for the rest of the batch. */
    public void flushHeld() {
        List<Webhook> ready;
        synchronized (held) {
            ready = takeHeldNewestFirst();
        }
        sendInOrder(ready);
    }

    /** Deliveries are sent concurrently; a batch is spaced out so it arrives in the order given. */
    private void sendInOrder(List<Webhook> batch) {
        for (int i = 0; i < batch.size(); i++) {
            schedule(batch.get(i), 0, null, Duration.ofMillis(ORDER_GAP_MILLIS * i));
        }
    }

    private List<Webhook> takeHeldNewestFirst() {
        List<Webhook> ready = new ArrayList<>(held);
        Collections.reverse(ready);
        held.clear();
        return ready;
    }

    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    public synchronized void clearDeliveries() {
        deliveries.clear();
    }

    private void schedule(Webhook webhook, int attempt, String lastFailure, Duration delay) {
        if (scheduler.isShutdown()) {
            return;
        }
        scheduler.schedule(() -> attempt(webhook, attempt, lastFailure), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void attempt(Webhook webhook, int attempt, String lastFailure) {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook.url())
                .timeout(policy.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(webhook.body()));
        signer.headers(webhook, attempt, lastFailure).forEach(request::header);
        Instant at = clock.instant();
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            int status = response == null ? 0 : response.statusCode();
            String failure = error == null ? null : describe(error);
            record(new Delivery(webhook.eventId(), webhook.topic(), webhook.url().toString(), attempt, at, status, failure));
            if (status >= 200 && status < 300) {
                return;
            }
            if (attempt < policy.maxRetries()) {
                String reason = error == null ? "http_error" : error instanceof HttpTimeoutException ? "http_timeout" : "other_error";
                schedule(webhook, attempt + 1, reason, policy.delayBefore(attempt + 1));
            } else {
                log.warn("{} sandbox gives up on webhook {} ({}) after {} attempts", system, webhook.eventId(),
                        webhook.topic(), attempt + 1);
            }
        });
    }

    private static String describe(Throwable error) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private synchronized void record(Delivery delivery) {
        if (deliveries.size() == MAX_KEPT) {
            deliveries.removeFirst();
        }
        deliveries.addLast(delivery);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
