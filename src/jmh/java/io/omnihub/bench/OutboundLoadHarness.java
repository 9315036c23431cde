package io.omnihub.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.omnihub.OmnihubApplication;
import io.omnihub.outbound.AvailabilityChange;
import io.omnihub.outbound.OutboundDelivery;
import io.omnihub.outbound.spi.Target;
import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.ReferenceRetailer.Variant;
import io.omnihub.sandbox.bol.BolSandbox;
import io.omnihub.sandbox.shopify.ShopifySandbox;
import io.omnihub.support.SandboxAdmin;
import io.omnihub.support.SandboxCatalogue;
import io.omnihub.xref.IdRegistry;

/**
 * Load harness for outbound delivery: the whole hub in this JVM (H2, in-process Kafka) with the
 * Shopify, bol.com and Square sandboxes at their published limits, on free loopback ports. Phases,
 * each measured from the hub's call records (outbound_call) and the sandboxes' own answers:
 * <ol>
 * <li>a burst of 10,000 changes over 1,000 SKUs to Shopify (one location) and to bol.com;</li>
 * <li>Shopify rate use: 3,000 levels the hub has never written (each read first, 2 points) at 100 points/s;</li>
 * <li>no-op: the burst's last values again, to every key: calls made;</li>
 * <li>a 60 s 429 storm on Shopify while changes keep coming for all three targets: threads, and
 * what bol.com and Square delivered meanwhile.</li>
 * </ol>
 * Prints Markdown tables. Bounded in time; loopback only.
 *
 * <pre>args: [skus=1000] [changesPerSku=10] [stormSeconds=60] [bolStockPerSecond=25] [bolStatusPerSecond=20]
 *       [phases=shopify,bol,rate,noop,storm]</pre>
 */
public final class OutboundLoadHarness {

    private final ConfigurableApplicationContext hub;
    private final OutboundDelivery delivery;
    private final JdbcTemplate jdbc;
    private final List<Variant> variants;
    private final SandboxAdmin shopifyAdmin;
    private final ShopifySandbox shopify;
    private final BolSandbox bol;
    private final List<String> report = new ArrayList<>();

    private OutboundLoadHarness(ConfigurableApplicationContext hub) {
        this.hub = hub;
        this.delivery = hub.getBean(OutboundDelivery.class);
        this.jdbc = hub.getBean(JdbcTemplate.class);
        this.variants = hub.getBean(ReferenceRetailer.class).variants();
        this.shopify = hub.getBean(ShopifySandbox.class);
        this.bol = hub.getBean(BolSandbox.class);
        this.shopifyAdmin = new SandboxAdmin(shopify.baseUrl());
        SandboxCatalogue.link(hub.getBean(IdRegistry.class), hub.getBean(ReferenceRetailer.class));
        SandboxCatalogue.linkOffers(hub.getBean(IdRegistry.class), hub.getBean(ReferenceRetailer.class));
    }

    public static void main(String[] args) throws Exception {
        int skus = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int perSku = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int stormSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int bolStock = args.length > 3 ? Integer.parseInt(args[3]) : 25;
        int bolStatus = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        Set<String> phases = Set.of((args.length > 5 ? args[5] : "shopify,bol,rate,noop,storm").split(","));
        Path data = Files.createTempDirectory("omnihub-outbound-bench");
        int shopifyPort = freePort();
        int bolPort = freePort();
        int squarePort = freePort();
        // as command-line arguments, so they win over application.yaml
        String[] settings = Map.ofEntries(
                Map.entry("server.port", "0"),
                Map.entry("omnihub.data-dir", data.toString()),
                Map.entry("omnihub.kafka.embedded.port", "0"),
                Map.entry("omnihub.kafka.embedded.controller-port", "0"),
                Map.entry("omnihub.sandbox.products", "420"),
                Map.entry("omnihub.sandbox.call-log-capacity", "100000"),
                Map.entry("omnihub.sandbox.erp.port", "0"),
                Map.entry("omnihub.sandbox.erp.job-interval", "0"),
                // only the harness's changes: no seeded stock, and channels the stock core does not serve
                Map.entry("omnihub.sandbox.seed-hub", "false"),
                Map.entry("omnihub.outbound.shopify.channel", "bench-webshop-shopify"),
                Map.entry("omnihub.outbound.bol.channel", "bench-marketplace-bol"),
                Map.entry("omnihub.outbound.square.channel", "bench-store"),
                Map.entry("omnihub.sandbox.shopify.port", Integer.toString(shopifyPort)),
                Map.entry("omnihub.sandbox.shopify.webhook-url", ""),
                Map.entry("omnihub.sandbox.bol.port", Integer.toString(bolPort)),
                Map.entry("omnihub.sandbox.bol.rate-limits[0]", "PUT /retailer/offers/*/stock " + bolStock + "/1s"),
                Map.entry("omnihub.sandbox.bol.rate-limits[1]", "GET /shared/process-status/* " + bolStatus + "/1s"),
                Map.entry("omnihub.sandbox.bol.rate-limits[2]", "POST /shared/process-status " + bolStatus + "/1s"),
                Map.entry("omnihub.sandbox.bol.rate-limits[3]", "* /retailer/** 20/1s"),
                Map.entry("omnihub.sandbox.square.port", Integer.toString(squarePort)),
                Map.entry("omnihub.sandbox.square.notification-url", ""),
                Map.entry("omnihub.outbound.shopify.base-url", "http://127.0.0.1:" + shopifyPort),
                Map.entry("omnihub.outbound.bol.base-url", "http://127.0.0.1:" + bolPort),
                Map.entry("omnihub.outbound.bol.token-url", "http://127.0.0.1:" + bolPort + "/token"),
                Map.entry("omnihub.outbound.bol.stock-rate", Integer.toString(bolStock)),
                Map.entry("omnihub.outbound.bol.status-rate", Integer.toString(bolStatus)),
                Map.entry("omnihub.outbound.square.base-url", "http://127.0.0.1:" + squarePort),
                Map.entry("logging.level.root", "WARN"),
                Map.entry("logging.level.io.omnihub.outbound", "WARN"))
                .entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(OmnihubApplication.class).run(settings);
        try {
            var harness = new OutboundLoadHarness(hub);
            if (phases.contains("shopify")) {
                harness.burst("shopify", "DC-NL", skus, perSku);
            }
            if (phases.contains("bol")) {
                harness.burst("bol", null, skus, perSku);
            }
            if (phases.contains("rate")) {
                harness.shopifyRateUse(skus);
            }
            if (phases.contains("noop") && phases.contains("shopify") && phases.contains("bol")) {
                harness.noOps(skus, perSku);
            }
            if (phases.contains("storm")) {
                harness.storm(stormSeconds, Math.min(skus, 300));
            }
            harness.report.forEach(System.out::println);
        } finally {
            hub.close();
        }
        // the broker's and sandboxes' leftover threads would keep the JVM (and Maven) waiting
        System.exit(0);
    }

    /** changesPerSku rounds over skus keys, each (key, round) a distinct value, as fast as the hub takes them. */
    private void burst(String system, String location, int skus, int perSku) {
        Target target = delivery.target(system);
        Instant start = Instant.now();
        for (int round = 0; round < perSku; round++) {
            for (int i = 0; i < skus; i++) {
                delivery.submit(change(target, variants.get(i).sku(), location, value(i, round), start.plusMillis(round)));
            }
        }
        Instant submittedAt = Instant.now();
        Duration submitted = Duration.between(start, submittedAt);
        awaitSettled(target, Duration.ofMinutes(10));
        Instant end = Instant.now();
        long wrong = 0;
        for (int i = 0; i < skus; i++) {
            int expected = system.equals("bol") ? Math.min(999, value(i, perSku - 1)) : value(i, perSku - 1);
            int held = system.equals("bol")
                    ? bol.state().offer(variants.get(i).bolOfferId()).orElseThrow().stock().amount()
                    : shopifyAvailable(variants.get(i).sku(), location);
            wrong += held == expected ? 0 : 1;
        }
        Calls calls = calls(target, start, end);
        report.add("");
        report.add("### Burst: " + skus * perSku + " changes over " + skus + " keys to " + target);
        report.add("");
        report.add("| measure | value |");
        report.add("|---|---|");
        report.add("| submitted in | " + submitted.toMillis() + " ms |");
        report.add("| all acknowledged after | " + Duration.between(start, end).toMillis() + " ms |");
        report.add("| keys holding the last value | " + (skus - wrong) + " of " + skus + " |");
        report.add("| effective changes (applied by the target) | " + calls.effective + " |");
        report.add("| calls, all (incl. reads, status reads, retries, 429s) | " + calls.all + " |");
        report.add("| calls per effective change, all | " + ratio(calls.all, calls.effective) + " |");
        report.add("| write calls per effective change (incl. retries) | " + ratio(calls.writes, calls.effective) + " |");
        report.add("| changes per acknowledged write call | " + ratio(calls.changesAcked, calls.writesAcked) + " |");
        report.add("| 429 / THROTTLED answers | " + calls.throttled + " (" + percent(calls.throttled, calls.all) + ") |");
        if (system.equals("bol")) {
            report.add("| process statuses per bulk read (mean) | " + jdbc.queryForObject("SELECT COALESCE(AVG(changes), 0) "
                    + "FROM outbound_call WHERE target = ? AND operation = 'process-status' AND started_at >= ? AND started_at <= ?",
                    Double.class, target.id(), at(start), at(end)) + " |");
        }
        rates(target, start, end, "").forEach(report::add);
        // on a loaded machine submitting takes long and competes for the CPU: the rate once it is done
        rates(target, submittedAt, end, " after the last submit").forEach(report::add);
    }

    /** Shopify: levels the hub never wrote are read first at 2 points each; measures points per second against 100/s. */
    private void shopifyRateUse(int skus) {
        Target target = delivery.target("shopify");
        int before = shopifyAdmin.get("/_sandbox/throttle-status").path("currentlyAvailable").asInt();
        Instant start = Instant.now();
        int keys = 0;
        for (String store : List.of("UTR-01", "AMS-01", "RTM-01")) {
            for (int i = 0; i < skus; i++) {
                delivery.submit(change(target, variants.get(i).sku(), store, 500 + i % 50, start));
                keys++;
            }
        }
        awaitSettled(target, Duration.ofMinutes(10));
        Instant end = Instant.now();
        int after = shopifyAdmin.get("/_sandbox/throttle-status").path("currentlyAvailable").asInt();
        Long levelsRead = jdbc.queryForObject("SELECT COALESCE(SUM(changes), 0) FROM outbound_call WHERE target = ? AND "
                + "operation = 'read-levels' AND outcome = 'READ' AND started_at >= ?", Long.class, target.id(), at(start));
        Long mutations = jdbc.queryForObject("SELECT COUNT(*) FROM outbound_call WHERE target = ? AND operation = "
                + "'inventorySetQuantities' AND outcome <> 'THROTTLED' AND outcome <> 'ERROR' AND started_at >= ?",
                Long.class, target.id(), at(start));
        long points = 2 * levelsRead + 10 * mutations;
        double seconds = Duration.between(start, end).toMillis() / 1000.0;
        double restored = points - (before - after);
        Calls calls = calls(target, start, end);
        report.add("");
        report.add("### Shopify rate use: " + keys + " levels the hub never wrote (read first), 100 points/s restore");
        report.add("");
        report.add("| measure | value |");
        report.add("|---|---|");
        report.add("| duration | " + Duration.between(start, end).toMillis() + " ms |");
        report.add("| cost points spent (2 per level read, 10 per mutation) | " + points + " |");
        report.add("| of which from the bucket's start (" + before + " → " + after + ") | " + (before - after) + " |");
        report.add("| points per second beyond the bucket (restore rate 100/s) | " + String.format("%.1f", restored / seconds)
                + " (" + String.format("%.1f", restored / seconds) + " % of the published rate) |");
        report.add("| 429 / THROTTLED answers | " + calls.throttled + " (" + percent(calls.throttled, calls.all) + ") |");
        report.add("| changes per acknowledged mutation | " + ratio(calls.changesAcked, calls.writesAcked) + " |");
    }

    /** The values the targets hold already, sent again: the hub must make no call. */
    private void noOps(int skus, int perSku) {
        Instant start = Instant.now();
        int unchanged = 0;
        for (String system : List.of("shopify", "bol")) {
            Target target = delivery.target(system);
            for (int i = 0; i < skus; i++) {
                var submitted = delivery.submit(change(target, variants.get(i).sku(), system.equals("bol") ? null : "DC-NL",
                        value(i, perSku - 1), Instant.now()));
                unchanged += submitted.name().equals("UNCHANGED") ? 1 : 0;
            }
        }
        waitFor(Duration.ofSeconds(5), () -> false);
        Long calls = jdbc.queryForObject("SELECT COUNT(*) FROM outbound_call WHERE started_at >= ?", Long.class, at(start));
        report.add("");
        report.add("### No-op: " + 2 * skus + " changes to the values Shopify and bol.com hold");
        report.add("");
        report.add("| measure | value |");
        report.add("|---|---|");
        report.add("| answered UNCHANGED at submit | " + unchanged + " |");
        report.add("| calls made in the 5 s after | " + calls + " |");
    }

    /** A 429 storm on Shopify for {@code seconds} while changes keep coming for every target. */
    private void storm(int seconds, int skus) {
        Target shopifyTarget = delivery.target("shopify");
        Target bolTarget = delivery.target("bol");
        Target squareTarget = delivery.target("square");
        shopifyAdmin.faults(1_000_000, 0, 0);
        Instant start = Instant.now();
        List<Integer> outboundThreads = new ArrayList<>();
        List<Integer> jvmThreads = new ArrayList<>();
        Map<String, Long> firstGroups = Map.of();
        Map<String, Long> maxGroups = Map.of();
        for (int second = 0; second < seconds; second++) {
            Instant tick = start.plusSeconds(second);
            for (int i = 0; i < 20; i++) {
                int k = (second * 20 + i) % skus;
                String sku = variants.get(k).sku();
                delivery.submit(change(shopifyTarget, sku, "RTM-01", 700 + second, tick));
                delivery.submit(change(bolTarget, sku, null, 300 + second, tick));
                delivery.submit(change(squareTarget, sku, "AMS-01", 100 + second, tick));
            }
            waitFor(Duration.between(Instant.now(), start.plusSeconds(second + 1)), () -> false);
            outboundThreads.add((int) Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("omnihub-outbound")).count());
            jvmThreads.add(ManagementFactory.getThreadMXBean().getThreadCount());
            Map<String, Long> groups = threadGroups();
            if (second == 0) {
                firstGroups = groups;
            }
            if (jvmThreads.get(second) >= max(jvmThreads)) {
                maxGroups = groups;
            }
        }
        Instant stormEnd = Instant.now();
        Calls shopifyCalls = calls(shopifyTarget, start, stormEnd);
        Calls bolCalls = calls(bolTarget, start, stormEnd);
        Calls squareCalls = calls(squareTarget, start, stormEnd);
        shopifyAdmin.faults(0, 0, 0);
        Instant cleared = Instant.now();
        awaitSettled(shopifyTarget, Duration.ofMinutes(5));
        report.add("");
        report.add("### " + seconds + " s 429 storm on Shopify, changes still coming for all three targets (20/s each)");
        report.add("");
        report.add("| measure | value |");
        report.add("|---|---|");
        report.add("| outbound threads (omnihub-outbound-*), sampled each second: min / max | "
                + min(outboundThreads) + " / " + max(outboundThreads) + " |");
        report.add("| JVM threads (hub, sandboxes, broker), min / max | " + min(jvmThreads) + " / " + max(jvmThreads) + " |");
        report.add("| thread pools that differ between the first second and the busiest | " + difference(firstGroups, maxGroups) + " |");
        report.add("| Shopify calls during the storm (all THROTTLED) | " + shopifyCalls.all + " (" + shopifyCalls.throttled + ") |");
        report.add("| bol.com changes acknowledged during the storm | " + bolCalls.effective + " |");
        report.add("| Square changes acknowledged during the storm | " + squareCalls.effective + " |");
        report.add("| Shopify settled after the storm ended in | " + Duration.between(cleared, Instant.now()).toMillis() + " ms |");
    }

    private record Calls(long all, long writes, long writesAcked, long changesAcked, long effective, long throttled) {
    }

    private Calls calls(Target target, Instant from, Instant to) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT operation, outcome, COUNT(*) AS n, SUM(changes) AS c "
                + "FROM outbound_call WHERE target = ? AND started_at >= ? AND started_at <= ? GROUP BY operation, outcome",
                target.id(), at(from), at(to));
        long all = 0;
        long writes = 0;
        long writesAcked = 0;
        long changesAcked = 0;
        long throttled = 0;
        for (Map<String, Object> row : rows) {
            String operation = (String) row.get("operation");
            String outcome = (String) row.get("outcome");
            long n = ((Number) row.get("n")).longValue();
            long c = ((Number) row.get("c")).longValue();
            boolean write = !operation.equals("read-levels") && !operation.equals("process-status");
            all += n;
            writes += write ? n : 0;
            throttled += outcome.equals("THROTTLED") ? n : 0;
            if (write && (outcome.equals("ACKNOWLEDGED") || outcome.equals("ACCEPTED"))) {
                writesAcked += n;
                changesAcked += c;
            }
        }
        // a change counts as effective once the target confirmed it (bol: its process status, read in bulk,
        // so a read's changes each have their own outcome)
        long effective = jdbc.queryForObject("SELECT COUNT(*) FROM outbound_call c JOIN outbound_call_change x ON x.call_id = c.id "
                + "WHERE c.target = ? AND c.started_at >= ? AND c.started_at <= ? AND COALESCE(x.outcome, c.outcome) = 'ACKNOWLEDGED'",
                Long.class, target.id(), at(from), at(to));
        return new Calls(all, writes, writesAcked, changesAcked, effective, throttled);
    }

    /** Per operation: calls the target answered (not 429) per second of the busy window, against its limit. */
    private List<String> rates(Target target, Instant from, Instant to, String when) {
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> row : jdbc.queryForList("SELECT operation, COUNT(*) AS n, MIN(started_at) AS first, "
                + "MAX(started_at) AS last FROM outbound_call WHERE target = ? AND outcome <> 'THROTTLED' AND started_at >= ? "
                + "AND started_at <= ? GROUP BY operation", target.id(), at(from), at(to))) {
            long n = ((Number) row.get("n")).longValue();
            double seconds = Math.max(0.001, Duration.between(instant(row.get("first")), instant(row.get("last"))).toMillis() / 1000.0);
            String limit = target.system().equals("bol") ? " (limit " + bolLimit((String) row.get("operation")) + "/s: "
                    + String.format("%.1f", 100 * n / seconds / bolLimit((String) row.get("operation"))) + " %)" : "";
            lines.add("| " + row.get("operation") + " calls answered per second" + when + " | " + String.format("%.1f", n / seconds)
                    + limit + " |");
        }
        return lines;
    }

    private double bolLimit(String operation) {
        int stock = hub.getEnvironment().getProperty("omnihub.outbound.bol.stock-rate", Integer.class, 25);
        int status = hub.getEnvironment().getProperty("omnihub.outbound.bol.status-rate", Integer.class, 20);
        return operation.equals("process-status") ? status : stock;
    }

    private void awaitSettled(Target target, Duration max) {
        boolean settled = waitFor(max, () -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM outbound_position WHERE target = ? AND due_at IS NOT NULL", Long.class, target.id()) == 0);
        if (!settled) {
            report.add("(" + target + " not settled within " + max + ")");
        }
    }

    /** Polls every 100 ms until the condition holds or the time is up; the harness's own thread, no hub thread. */
    private static boolean waitFor(Duration max, BooleanSupplier condition) {
        long end = System.nanoTime() + Math.max(0, max.toNanos());
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    private int shopifyAvailable(String sku, String location) {
        var catalog = shopify.state().catalog();
        return shopify.state().inventory().level(catalog.variantBySku(sku).orElseThrow().inventoryItem(),
                catalog.locationByAnyId(location).orElseThrow()).orElseThrow().quantity("available");
    }

    private static AvailabilityChange change(Target target, String sku, String location, int quantity, Instant at) {
        return new AvailabilityChange(target, sku, location, quantity, "bench-" + UUID.randomUUID(), at);
    }

    private static int value(int sku, int round) {
        return 20 + round * 13 + sku % 7;
    }

    private static String ratio(long a, long b) {
        return b == 0 ? "n/a" : String.format("%.3f", (double) a / b);
    }

    private static String percent(long a, long b) {
        return b == 0 ? "n/a" : String.format("%.2f %%", 100.0 * a / b);
    }

    private static int min(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).min().orElse(0);
    }

    private static int max(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private static java.time.OffsetDateTime at(Instant instant) {
        return java.time.OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC);
    }

    private static Instant instant(Object value) {
        return value instanceof java.time.OffsetDateTime o ? o.toInstant() : ((java.sql.Timestamp) value).toInstant();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Live threads per pool: the name with its numbers taken out. */
    private static Map<String, Long> threadGroups() {
        return Thread.getAllStackTraces().keySet().stream().collect(Collectors.groupingBy(
                t -> t.getName().replaceAll("[0-9]+", "N"), TreeMap::new, Collectors.counting()));
    }

    private static String difference(Map<String, Long> before, Map<String, Long> after) {
        Set<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        String changed = names.stream().filter(n -> !before.getOrDefault(n, 0L).equals(after.getOrDefault(n, 0L)))
                .map(n -> n + " " + before.getOrDefault(n, 0L) + " → " + after.getOrDefault(n, 0L))
                .collect(Collectors.joining("; "));
        return changed.isEmpty() ? "none" : changed;
    }
}
