package io.omnihub.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Till sale to channels, end to end, against a running hub on its default embedded run (sandboxes
 * and seeding on, loopback only): sales rung up at the Square sandbox's till travel as signed
 * webhooks through the hub's inbox, Kafka, the stock core and outbound delivery to the Shopify and
 * bol.com sandboxes, each at its published limits. When a channel holds a value is read from the
 * sandboxes' own stock history (GET /_sandbox/stock-changes, server-side and to the millisecond).
 * <ol>
 * <li>Set-up: {@code skus + 5} SKUs counted to 50 units at Utrecht and Amsterdam (a Square physical
 * count, so no sale runs a shelf empty), then wait until both channels hold the figures the hub has.</li>
 * <li>Baseline: 5 sales one at a time on the idle hub, each waited for.</li>
 * <li>Load: {@code sales} sales over {@code skus} SKUs, alternately at Utrecht and Amsterdam, on a fixed
 * schedule over {@code seconds} (open loop: each starts at its planned time whatever the others do).</li>
 * </ol>
 * Latency of a sale in a channel: from the sale (the Square order's created_at) until the channel first
 * holds a quantity that includes it, i.e. at most what that key should show after this sale and the
 * ones before it on the same key. A later sale on the same key may arrive together with it (the hub
 * coalesces); then both count from their own sale time. Prints Markdown. Bounded in time.
 *
 * <pre>args: hubUrl squareUrl shopifyUrl bolUrl [sales=2000] [skus=100] [seconds=120] [graceSeconds=60]</pre>
 */
public final class TillSaleLatencyHarness {

    private static final String SQUARE_TOKEN = "EAAAl-omnihub-sandbox-square-token"; // the sandbox's published test token
    private static final List<String> STORES = List.of("UTR-01", "AMS-01");
    private static final int COUNTED = 50;
    private static final int ISOLATED = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String hub;
    private final String square;
    private final String shopify;
    private final String bol;
    private final List<String> report = new ArrayList<>();

    /** One sale: where, what each channel should show once it includes this sale, and when it was rung up. */
    private record Sale(String sku, String store, int shopifyAfter, int bolAfter, Instant planned, Instant sent, Instant at,
            int status) {
    }

    /** What a channel held and from when, per key (SKU, or SKU@location), oldest first. */
    private record History(Map<String, List<JsonNode>> byKey) {

        /** When the key first held at most {@code quantity} at or after {@code from}; null if not (yet). */
        Instant firstAtMost(String key, int quantity, Instant from) {
            for (JsonNode change : byKey.getOrDefault(key, List.of())) {
                Instant at = Instant.parse(change.path("at").asText());
                if (!at.isBefore(from) && change.path("quantity").asInt() <= quantity) {
                    return at;
                }
            }
            return null;
        }

        long changesBetween(Instant from, Instant to) {
            return byKey.values().stream().flatMap(List::stream).map(c -> Instant.parse(c.path("at").asText()))
                    .filter(at -> !at.isBefore(from) && !at.isAfter(to)).count();
        }
    }

    private TillSaleLatencyHarness(String hub, String square, String shopify, String bol) {
        for (String url : List.of(hub, square, shopify, bol)) {
            if (!URI.create(url).getHost().equals("127.0.0.1")) {
                throw new IllegalArgumentException("loopback only: " + url);
            }
        }
        this.hub = hub;
        this.square = square;
        this.shopify = shopify;
        this.bol = bol;
    }

    public static void main(String[] args) throws Exception {
        var harness = new TillSaleLatencyHarness(args[0], args[1], args[2], args[3]);
        int sales = args.length > 4 ? Integer.parseInt(args[4]) : 2000;
        int skus = args.length > 5 ? Integer.parseInt(args[5]) : 100;
        int seconds = args.length > 6 ? Integer.parseInt(args[6]) : 120;
        int grace = args.length > 7 ? Integer.parseInt(args[7]) : 60;
        try {
            List<String> chosen = harness.countIn(skus + ISOLATED);
            Map<String, Integer> bolHeld = harness.awaitChannelsHoldTheHubsFigures(chosen, Duration.ofMinutes(5));
            harness.baseline(chosen.subList(0, ISOLATED), bolHeld);
            harness.load(chosen.subList(ISOLATED, chosen.size()), bolHeld, sales, seconds, Duration.ofSeconds(grace));
        } finally {
            harness.report.forEach(System.out::println);
        }
        System.exit(0);
    }

    /** The first {@code n} SKUs stocked at both stores, each counted to {@link #COUNTED} there (one Square physical count). */
    private List<String> countIn(int n) throws Exception {
        Map<String, Map<String, JsonNode>> counts = new LinkedHashMap<>();
        for (String store : STORES) {
            for (JsonNode count : get(square + "/_sandbox/counts?state=IN_STOCK&location=" + store)) {
                counts.computeIfAbsent(count.path("sku").asText(), sku -> new HashMap<>()).put(store, count);
            }
        }
        List<String> chosen = counts.entrySet().stream().filter(e -> e.getValue().size() == STORES.size())
                .map(Map.Entry::getKey).limit(n).toList();
        if (chosen.size() < n) {
            throw new IllegalStateException("only " + chosen.size() + " SKUs are stocked at " + STORES + ", " + n + " needed");
        }
        // the hub must know Square's ids (its seed links them) before a Square webhook can be mapped
        List<String> seededLast = new ArrayList<>(chosen);
        seededLast.add(counts.keySet().stream().reduce((a, b) -> b).orElseThrow());
        Instant start = Instant.now();
        if (!waitFor(Duration.ofMinutes(5), () -> seededLast.stream().allMatch(this::seeded))) {
            throw new IllegalStateException("the hub was not seeded within 5 minutes");
        }
        report.add("Seeded: the hub knew the chosen SKUs' opening stock after " + Duration.between(start, Instant.now()).toSeconds()
                + " s of waiting.");
        List<Map<String, Object>> changes = new ArrayList<>();
        for (String sku : chosen) {
            for (String store : STORES) {
                JsonNode count = counts.get(sku).get(store);
                changes.add(Map.of("type", "PHYSICAL_COUNT", "physical_count", Map.of(
                        "catalog_object_id", count.path("catalogObjectId").asText(),
                        "location_id", count.path("squareLocationId").asText(), "state", "IN_STOCK",
                        "quantity", Integer.toString(COUNTED), "occurred_at", Instant.now().toString())));
            }
        }
        for (int i = 0; i < changes.size(); i += 100) {
            String body = JSON.writeValueAsString(Map.of("idempotency_key", UUID.randomUUID().toString(),
                    "changes", changes.subList(i, Math.min(changes.size(), i + 100))));
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(square + "/v2/inventory/changes/batch-create"))
                    .header("Authorization", "Bearer " + SQUARE_TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("Square count refused: " + answer.statusCode() + " " + answer.body());
            }
        }
        return chosen;
    }

    /**
     * Waits until Shopify holds the counted figure at both stores and bol.com the hub's marketplace
     * availability for every chosen SKU; answers bol.com's figures.
     */
    private Map<String, Integer> awaitChannelsHoldTheHubsFigures(List<String> chosen, Duration max) throws Exception {
        Instant start = Instant.now();
        Map<String, Integer> bolHeld = new HashMap<>();
        String[] waitingFor = {""};
        boolean settled = waitFor(max, () -> {
            Map<String, Integer> shopifyNow = shopifyAvailable();
            Map<String, Integer> bolNow = bolAmounts();
            for (String sku : chosen) {
                for (String store : STORES) {
                    if (shopifyNow.getOrDefault(sku + "@" + store, -1) != COUNTED) {
                        waitingFor[0] = "Shopify holds " + shopifyNow.get(sku + "@" + store) + " of " + sku + " at " + store;
                        return false;
                    }
                }
                JsonNode availability = get(hub + "/api/stock/skus/" + sku).path("availability");
                int marketplace = -1;
                for (JsonNode row : availability) {
                    marketplace = row.path("channel").asText().equals("marketplace-bol") ? row.path("available").asInt() : marketplace;
                }
                if (marketplace < 0 || bolNow.getOrDefault(sku, -1) != Math.min(999, marketplace)) {
                    waitingFor[0] = "bol.com holds " + bolNow.get(sku) + " of " + sku + ", the hub's marketplace availability is "
                            + marketplace;
                    return false;
                }
            }
            bolHeld.putAll(bolNow);
            return true;
        });
        if (!settled) {
            throw new IllegalStateException("the channels did not hold the hub's figures within " + max + ": " + waitingFor[0]);
        }
        report.add("Set-up: " + chosen.size() + " SKUs counted to " + COUNTED + " at " + STORES + "; both channels held the "
                + "hub's figures after " + Duration.between(start, Instant.now()).toSeconds() + " s.");
        return bolHeld;
    }

    /** One sale at a time on the idle hub, each waited for in both channels. */
    private void baseline(List<String> skus, Map<String, Integer> bolHeld) throws Exception {
        List<Long> toShopify = new ArrayList<>();
        List<Long> toBol = new ArrayList<>();
        for (String sku : skus) {
            Sale sale = ring(sku, STORES.get(0), COUNTED - 1, bolHeld.get(sku) - 1, Instant.now());
            Instant[] arrived = new Instant[2];
            waitFor(Duration.ofSeconds(30), () -> {
                arrived[0] = shopifyHistory().firstAtMost(sku + "@" + sale.store(), sale.shopifyAfter(), sale.at());
                arrived[1] = bolHistory().firstAtMost(sku, sale.bolAfter(), sale.at());
                return arrived[0] != null && arrived[1] != null;
            });
            toShopify.add(arrived[0] == null ? Long.MAX_VALUE : Duration.between(sale.at(), arrived[0]).toMillis());
            toBol.add(arrived[1] == null ? Long.MAX_VALUE : Duration.between(sale.at(), arrived[1]).toMillis());
            Thread.sleep(1000);
        }
        report.add("");
        report.add("### Baseline: " + skus.size() + " sales one at a time on the idle hub");
        report.add("");
        report.add("| channel | median ms | min ms | max ms |");
        report.add("|---|---|---|---|");
        report.add("| Shopify | " + percentile(toShopify, 50) + " | " + percentile(toShopify, 0) + " | " + percentile(toShopify, 100) + " |");
        report.add("| bol.com | " + percentile(toBol, 50) + " | " + percentile(toBol, 0) + " | " + percentile(toBol, 100) + " |");
    }

    private void load(List<String> skus, Map<String, Integer> bolHeld, int count, int seconds, Duration grace) throws Exception {
        double loadBefore = loadAverage();
        // what each key should show after each sale: the sales on it so far, in planned order
        Map<String, Integer> soldAtStore = new HashMap<>();
        Map<String, Integer> sold = new HashMap<>();
        List<int[]> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String sku = skus.get(i % skus.size());
            String store = STORES.get(i / skus.size() % STORES.size());
            expected.add(new int[] {COUNTED - soldAtStore.merge(sku + "@" + store, 1, Integer::sum),
                    bolHeld.get(sku) - sold.merge(sku, 1, Integer::sum)});
        }
        List<CompletableFuture<Sale>> pending = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        Instant start = Instant.now().plusMillis(500);
        long startNanos = System.nanoTime() + 500_000_000L;
        for (int i = 0; i < count; i++) {
            int n = i;
            long offset = (long) n * seconds * 1_000_000_000L / count;
            timer.schedule(() -> pending.add(ringAsync(skus.get(n % skus.size()), STORES.get(n / skus.size() % STORES.size()),
                    expected.get(n)[0], expected.get(n)[1], start.plusNanos(offset))),
                    startNanos + offset - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        timer.shutdown();
        timer.awaitTermination(seconds + 30L, TimeUnit.SECONDS);
        List<Sale> rung = new ArrayList<>();
        for (CompletableFuture<Sale> sale : List.copyOf(pending)) {
            rung.add(sale.get(30, TimeUnit.SECONDS));
        }
        Instant lastSale = rung.stream().map(Sale::at).max(Instant::compareTo).orElseThrow();
        double loadAtEnd = loadAverage();

        Instant graceEnd = lastSale.plus(grace);
        History[] histories = new History[2];
        waitFor(Duration.between(Instant.now(), graceEnd), () -> {
            histories[0] = shopifyHistory();
            histories[1] = bolHistory();
            return rung.stream().allMatch(s -> s.status() != 201 || arrival(histories, s, 0) != null && arrival(histories, s, 1) != null);
        });
        List<Long> toShopify = new ArrayList<>();
        List<Long> toBol = new ArrayList<>();
        long missingShopify = 0;
        long missingBol = 0;
        for (Sale sale : rung) {
            if (sale.status() != 201) {
                continue;
            }
            Instant shop = arrival(histories, sale, 0);
            Instant market = arrival(histories, sale, 1);
            missingShopify += shop == null ? 1 : 0;
            missingBol += market == null ? 1 : 0;
            if (shop != null) {
                toShopify.add(Duration.between(sale.at(), shop).toMillis());
            }
            if (market != null) {
                toBol.add(Duration.between(sale.at(), market).toMillis());
            }
        }
        Instant first = rung.stream().map(Sale::sent).min(Instant::compareTo).orElseThrow();
        Instant last = rung.stream().map(Sale::sent).max(Instant::compareTo).orElseThrow();
        long refused = rung.stream().filter(s -> s.status() != 201).count();
        long lagMax = rung.stream().mapToLong(s -> Duration.between(s.planned(), s.sent()).toMillis()).max().orElse(0);
        JsonNode bolCalls = get(bol + "/_sandbox/calls?path=/retailer/offers");
        long bolThrottled = 0;
        for (JsonNode call : bolCalls) {
            Instant at = Instant.parse(call.path("at").asText());
            bolThrottled += call.path("status").asInt() == 429 && !at.isBefore(start) ? 1 : 0;
        }
        Instant settledBy = lastSale.plus(grace);
        report.add("");
        report.add("### Load: " + count + " till sales over " + skus.size() + " SKUs in " + seconds + " s (open loop)");
        report.add("");
        report.add("| measure | Shopify | bol.com |");
        report.add("|---|---|---|");
        report.add("| p50 ms | " + percentile(toShopify, 50) + " | " + percentile(toBol, 50) + " |");
        report.add("| p95 ms | " + percentile(toShopify, 95) + " | " + percentile(toBol, 95) + " |");
        report.add("| p99 ms | " + percentile(toShopify, 99) + " | " + percentile(toBol, 99) + " |");
        report.add("| max ms | " + percentile(toShopify, 100) + " | " + percentile(toBol, 100) + " |");
        report.add("| sales never arrived within " + grace.toSeconds() + " s of the last sale | " + missingShopify + " | "
                + missingBol + " |");
        report.add("| quantities the channel came to hold meanwhile (coalesced writes) | "
                + histories[0].changesBetween(start, settledBy) + " | " + histories[1].changesBetween(start, settledBy) + " |");
        report.add("| 429 answers to the hub's writes | n/a | " + bolThrottled + " |");
        report.add("");
        report.add("| run | value |");
        report.add("|---|---|");
        report.add("| sales rung (answered 201) | " + (rung.size() - refused) + " of " + count + " |");
        report.add("| sales/s achieved | " + String.format("%.1f", (rung.size() - 1) * 1000.0
                / Math.max(1, Duration.between(first, last).toMillis())) + " |");
        report.add("| latest send behind its planned time | " + lagMax + " ms |");
        report.add("| load average (1 min) before / at the end of the sales | " + loadBefore + " / " + loadAtEnd + " |");
    }

    /** When the channel ({@code 0} Shopify, {@code 1} bol.com) first held a quantity that includes the sale. */
    private static Instant arrival(History[] histories, Sale sale, int channel) {
        return channel == 0
                ? histories[0].firstAtMost(sale.sku() + "@" + sale.store(), sale.shopifyAfter(), sale.at())
                : histories[1].firstAtMost(sale.sku(), sale.bolAfter(), sale.at());
    }

    private Sale ring(String sku, String store, int shopifyAfter, int bolAfter, Instant planned) throws Exception {
        return ringAsync(sku, store, shopifyAfter, bolAfter, planned).get(30, TimeUnit.SECONDS);
    }

    private CompletableFuture<Sale> ringAsync(String sku, String store, int shopifyAfter, int bolAfter, Instant planned) {
        Instant sent = Instant.now();
        HttpRequest request = HttpRequest.newBuilder(URI.create(square + "/_sandbox/sales"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"location\": \"" + store + "\", \"sku\": \"" + sku + "\"}")).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(answer -> {
            Instant at = sent;
            if (answer.statusCode() == 201) {
                try {
                    at = Instant.parse(JSON.readTree(answer.body()).path("created_at").asText());
                } catch (IOException e) {
                    throw new IllegalStateException("unreadable sale answer: " + answer.body(), e);
                }
            }
            return new Sale(sku, store, shopifyAfter, bolAfter, planned, sent, at, answer.statusCode());
        });
    }

    /** Whether the hub has the SKU's opening stock at both stores (the seed links the ids first). */
    private boolean seeded(String sku) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(hub + "/api/stock/skus/" + sku)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                return false;
            }
            List<String> at = new ArrayList<>();
            JSON.readTree(answer.body()).path("positions").forEach(p -> at.add(p.path("location_id").asText()));
            return at.containsAll(STORES);
        } catch (IOException e) {
            throw new IllegalStateException("GET stock of " + sku, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Map<String, Integer> shopifyAvailable() {
        Map<String, Integer> levels = new HashMap<>();
        for (JsonNode level : get(shopify + "/_sandbox/inventory-levels")) {
            levels.put(level.path("sku").asText() + "@" + level.path("location").asText(),
                    level.path("quantities").path("available").asInt());
        }
        return levels;
    }

    private Map<String, Integer> bolAmounts() {
        Map<String, Integer> amounts = new HashMap<>();
        for (JsonNode offer : get(bol + "/_sandbox/offers")) {
            amounts.put(offer.path("reference").asText(), offer.path("stock").path("amount").asInt());
        }
        return amounts;
    }

    private History shopifyHistory() {
        return history(shopify, true);
    }

    private History bolHistory() {
        return history(bol, false);
    }

    private History history(String sandbox, boolean perLocation) {
        Map<String, List<JsonNode>> byKey = new HashMap<>();
        for (JsonNode change : get(sandbox + "/_sandbox/stock-changes")) {
            String key = change.path("sku").asText() + (perLocation ? "@" + change.path("location").asText() : "");
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(change);
        }
        return new History(byKey);
    }

    private JsonNode get(String url) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + ": " + answer.statusCode() + " " + answer.body());
            }
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("GET " + url, e);
        }
    }

    /** Polls every 2 s until the condition holds or the time is up. */
    private static boolean waitFor(Duration max, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Math.max(0, max.toNanos());
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(2000);
        }
        return condition.getAsBoolean();
    }

    /** Nearest rank; 0 the least, 100 the most; "n/a" for none, "none" for a sale that never arrived. */
    private static String percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return "n/a";
        }
        List<Long> sorted = values.stream().sorted().toList();
        long value = sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
        return value == Long.MAX_VALUE ? "none" : Long.toString(value);
    }

    private static double loadAverage() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }
}
