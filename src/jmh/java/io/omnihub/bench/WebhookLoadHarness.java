package io.omnihub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.omnihub.sandbox.ReferenceRetailer;

/**
 * Load harness for the webhook inbox of a running hub, loopback only, bounded in count and time:
 * (1) a fixed rate of 200 signed Square webhooks/s for {@code seconds}, latency from the planned
 * send time; (2) as fast as {@code connections} connections go, for {@code seconds}. Every request
 * must be answered 200 (verified, stored, deduplicated); one in twenty repeats an earlier event id
 * and must come back as a duplicate; (3) the baseline, measured in the same run: the same requests
 * from {@code connections} connections with a wrong signature, answered 401 after reading and
 * verifying the body, nothing stored — the HTTP and signature floor under the inbox's own cost.
 * Prints a Markdown table row per phase.
 *
 * (2b) unless the hub's processing is paused: how long until processing has caught up.
 *
 * <p>The webhooks are Square count updates of the reference retailer's first 100 SKUs at its three
 * stores, as the hub's seed links them (the hub runs with its sandboxes), with a new quantity and the
 * time of sending: processing maps and publishes them, and the stock core, the event store and
 * outbound delivery to the sandboxes do their work on the same two cores, as in production.
 *
 * <pre>args: hubBaseUrl signatureKey notificationUrl [seconds=20] [connections=8] [rate=200] [running|paused]</pre>
 */
public final class WebhookLoadHarness {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final URI target;
    private final String key;
    private final String notificationUrl;
    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger wrong = new AtomicInteger();
    private final AtomicInteger duplicatesAnswered = new AtomicInteger();
    private final AtomicInteger duplicatesSent = new AtomicInteger();
    private final AtomicInteger acceptedInLoop = new AtomicInteger();
    private volatile String lastAccepted;
    /** The retailer the hub's sandboxes seed by default (seed 42, 200 products). */
    private static final ReferenceRetailer RETAILER = ReferenceRetailer.generate(42, 200);
    private final List<ReferenceRetailer.Variant> variants = RETAILER.variants().subList(0, 100);
    private final List<String> stores = RETAILER.locations().stream()
            .map(ReferenceRetailer.Location::squareId).filter(Objects::nonNull).toList();
    private final AtomicInteger counts = new AtomicInteger();

    private WebhookLoadHarness(String base, String key, String notificationUrl) {
        if (!URI.create(base).getHost().equals("127.0.0.1") && !URI.create(base).getHost().equals("localhost")) {
            throw new IllegalArgumentException("loopback only: " + base);
        }
        this.target = URI.create(base + "/webhooks/square/outdoor-nl");
        this.key = key;
        this.notificationUrl = notificationUrl;
    }

    public static void main(String[] args) throws Exception {
        var harness = new WebhookLoadHarness(args[0], args[1], args[2]);
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int connections = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        int rate = args.length > 5 ? Integer.parseInt(args[5]) : 200;
        harness.closedLoop(Math.min(5, seconds), connections, true); // warm-up, not reported
        System.out.println("| phase | requests | throughput (req/s) | p50 ms | p95 ms | p99 ms | max ms | unexpected status | duplicates answered/sent |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        System.out.println(harness.fixedRate(rate, seconds));
        System.out.println(harness.closedLoop(seconds, connections, true));
        if (!(args.length > 6 && args[6].equals("paused"))) {
            System.out.println(harness.drained(seconds));
        }
        System.out.println(harness.closedLoop(seconds, connections, false));
    }

    /** Open loop: requests start on schedule whatever the answers do, so slow answers show in the latency. */
    private String fixedRate(int rate, int seconds) throws InterruptedException {
        reset();
        int total = rate * seconds;
        var latencies = new ConcurrentLinkedQueue<Long>();
        var done = new CountDownLatch(total);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long planned = start + i * 1_000_000_000L / rate;
            timer.schedule(() -> http.sendAsync(request(true), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> {
                        latencies.add(System.nanoTime() - planned);
                        check(response, error, 200);
                        done.countDown();
                    }), planned - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        boolean finished = done.await(seconds + 30L, TimeUnit.SECONDS);
        timer.shutdownNow();
        return row(rate + " req/s for " + seconds + " s" + (finished ? "" : " (unfinished)"), new ArrayList<>(latencies),
                (System.nanoTime() - start) / 1e9);
    }

    /** Closed loop: each connection sends its next request when the previous one is answered. */
    private String closedLoop(int seconds, int connections, boolean signed) throws InterruptedException {
        reset();
        int expected = signed ? 200 : 401;
        var latencies = new ConcurrentLinkedQueue<Long>();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> response = null;
                    Throwable error = null;
                    try {
                        response = http.send(request(signed), HttpResponse.BodyHandlers.ofString());
                    } catch (Exception e) {
                        error = e;
                    }
                    latencies.add(System.nanoTime() - t0);
                    check(response, error, expected);
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        String phase = signed ? connections + " connections, " + seconds + " s"
                : "baseline: wrong signature (401, nothing stored), " + connections + " connections, " + seconds + " s";
        return row(phase, new ArrayList<>(latencies), (System.nanoTime() - start) / 1e9);
    }

    /**
     * After the closed loop: how long until processing has caught up, that is until the last webhook
     * the loop had accepted has its outcome. The rate is a lower bound of what processing holds: the
     * loop's accepted webhooks over the loop plus that wait.
     */
    private String drained(int seconds) throws Exception {
        String last = lastAccepted;
        long stoppedAt = System.nanoTime();
        URI history = target.resolve("/api/inbound/webhooks/square/outdoor-nl/" + last);
        while (System.nanoTime() - stoppedAt < 120_000_000_000L) {
            String body = http.send(HttpRequest.newBuilder(history).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            var status = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z]+)\"").matcher(body);
            if (status.find() && !List.of("RECEIVED", "PROCESSING", "RETRY").contains(status.group(1))) {
                double waited = (System.nanoTime() - stoppedAt) / 1e9;
                return "| processing caught up %.1f s after the closed loop stopped: at least %.0f webhooks/s processed (last one %s) | %d | | | | | | | |"
                        .formatted(waited, acceptedInLoop.get() / (seconds + waited), status.group(1), acceptedInLoop.get());
            }
            Thread.sleep(100);
        }
        return "| processing had not caught up 120 s after the closed loop stopped | | | | | | | | |";
    }

    private void reset() {
        acceptedInLoop.set(0);
        wrong.set(0);
        duplicatesAnswered.set(0);
        duplicatesSent.set(0);
    }

    private HttpRequest request(boolean signed) {
        String eventId;
        if (sent.size() > 20 && sent.size() % 20 == 0) {
            eventId = sent.get(sent.size() / 2);
            duplicatesSent.incrementAndGet();
        } else {
            eventId = UUID.randomUUID().toString();
        }
        sent.add(eventId);
        int n = counts.getAndIncrement();
        String now = Instant.now().toString();
        String body = """
                {"merchant_id":"MLBENCH","type":"inventory.count.updated","event_id":"%s","created_at":"%s",\
                "data":{"type":"inventory_counts","id":"%s","object":{"inventory_counts":[{"catalog_object_id":"%s",\
                "catalog_object_type":"ITEM_VARIATION","state":"IN_STOCK","location_id":"%s","quantity":"%d",\
                "calculated_at":"%s"}]}}}""".formatted(eventId, now, eventId, variants.get(n % variants.size()).squareVariationId(),
                stores.get(n / variants.size() % stores.size()), n % 37, now);
        return HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("x-square-hmacsha256-signature", sign(signed ? notificationUrl + body : body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private void check(HttpResponse<String> response, Throwable error, int expected) {
        if (error != null || response.statusCode() != expected) {
            wrong.incrementAndGet();
        } else if (response.body().contains("\"duplicate\"")) {
            duplicatesAnswered.incrementAndGet();
        } else if (expected == 200) {
            acceptedInLoop.incrementAndGet();
            var eventId = Pattern.compile("\"eventId\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
            if (eventId.find()) {
                lastAccepted = eventId.group(1);
            }
        }
    }

    private String row(String phase, List<Long> nanos, double elapsedSeconds) {
        Collections.sort(nanos);
        return "| %s | %d | %.0f | %.1f | %.1f | %.1f | %.1f | %d | %d/%d |".formatted(phase, nanos.size(),
                nanos.size() / elapsedSeconds, percentile(nanos, 50), percentile(nanos, 95), percentile(nanos, 99),
                nanos.isEmpty() ? 0 : nanos.get(nanos.size() - 1) / 1e6, wrong.get(), duplicatesAnswered.get(), duplicatesSent.get());
    }

    private static double percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }

    private String sign(String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
