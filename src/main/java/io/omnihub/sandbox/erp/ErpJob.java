package io.omnihub.sandbox.erp;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.erp.ErpStagingTables.BookingType;
import io.omnihub.sandbox.erp.ErpStagingTables.OrderRow;
import io.omnihub.sandbox.erp.ErpStagingTables.StockBooking;

/**
 * The ERP's own batch job, run on a schedule or on demand. Each cycle n (batch JOB-n) books stock
 * movements chosen from the seed and n, so the same seed gives the same movements: a supplier
 * receipt at the warehouse and a replenishment transfer to a store every cycle, a store count
 * every third cycle, a changed item every fifth and a changed price every seventh. Then it imports
 * the NEW order rows the hub wrote: each is claimed (PROCESSING) and ends DONE with a sales order
 * number or ERROR with the reason, in one transaction per order.
 */
public final class ErpJob implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ErpJob.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one cycle did. */
    public record Cycle(int number, int bookings, int itemVersions, int priceVersions, int ordersDone, int ordersFailed) {
    }

    /** The ERP's own fault switch: the next N imported order rows end ERROR, whatever they hold. */
    public record JobFaults(int rejectOrders) {
    }

    private final ErpStagingTables tables;
    private final ReferenceRetailer retailer;
    private final List<ReferenceRetailer.Variant> variants;
    private final int orderBatchSize;
    private final AtomicInteger rejectOrders = new AtomicInteger();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "erp-sandbox-job");
        thread.setDaemon(true);
        return thread;
    });
    private int cycles;

    public ErpJob(ErpStagingTables tables, ReferenceRetailer retailer, int orderBatchSize) {
        this.tables = tables;
        this.retailer = retailer;
        this.variants = retailer.variants();
        this.orderBatchSize = orderBatchSize;
        this.cycles = tables.jobCycles();
    }

    /** Runs a cycle every {@code interval} (zero: never, only on demand). */
    public void schedule(Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                // the ERP's job fails now and then; the next cycle simply tries again
                log.warn("ERP sandbox job cycle failed: {}", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public JobFaults faults() {
        return new JobFaults(rejectOrders.get());
    }

    public void setFaults(JobFaults faults) {
        rejectOrders.set(Math.max(0, faults.rejectOrders()));
    }

    /** One cycle now: stock movements, item and price changes, then the order import. */
    public synchronized Cycle runOnce() {
        int number = cycles + 1;
        String batch = "JOB-" + number;
        var random = new SplittableRandom(retailer.seed() * 1_000_003L + number);
        int bookings = tables.book(movements(number, random), batch).size();
        cycles = number;

        ReferenceRetailer.Variant changed = pick(random);
        boolean itemChanged = number % 5 == 0
                && tables.newItemVersion(changed.sku(), changed.title() + " (revised in job cycle " + number + ")", batch);
        boolean priceChanged = number % 7 == 0
                && tables.newPriceVersion(changed.sku(), nextPrice(changed.price(), tables.price(changed.sku()).orElse(changed.price())), batch);

        int done = 0;
        int failed = 0;
        for (OrderRow order : tables.claimNewOrders(orderBatchSize)) {
            if (importOrder(order)) {
                done++;
            } else {
                failed++;
            }
        }
        return new Cycle(number, bookings, itemChanged ? 1 : 0, priceChanged ? 1 : 0, done, failed);
    }

    private List<StockBooking> movements(int number, SplittableRandom random) {
        String warehouse = retailer.warehouse().erpCode();
        List<ReferenceRetailer.Location> stores = retailer.stores();
        String store = stores.get(number % stores.size()).erpCode();
        var bookings = new ArrayList<StockBooking>();
        bookings.add(new StockBooking(pick(random).sku(), warehouse, BookingType.RECEIPT,
                BigDecimal.valueOf(6L * (2 + random.nextInt(7)))));
        String moved = pick(random).sku();
        BigDecimal units = BigDecimal.valueOf(1 + random.nextInt(6));
        bookings.add(new StockBooking(moved, warehouse, BookingType.TRANSFER_OUT, units.negate()));
        bookings.add(new StockBooking(moved, store, BookingType.TRANSFER_IN, units));
        if (number % 3 == 0) {
            // a store counts an item and finds one unit less than booked (shrinkage)
            String counted = pick(random).sku();
            BigDecimal found = tables.onHand(counted, store).subtract(BigDecimal.ONE).max(BigDecimal.ZERO);
            bookings.add(new StockBooking(counted, store, BookingType.COUNT, found));
        }
        return bookings;
    }

    private ReferenceRetailer.Variant pick(SplittableRandom random) {
        return variants.get(random.nextInt(variants.size()));
    }

    /** A 10 % markdown ending in .95 from the list price, and back to the list price the next time. */
    private static BigDecimal nextPrice(BigDecimal listPrice, BigDecimal current) {
        if (current.compareTo(listPrice) != 0) {
            return listPrice;
        }
        return listPrice.multiply(new BigDecimal("0.9")).setScale(0, RoundingMode.DOWN).subtract(new BigDecimal("0.05"));
    }

    /** Imports one claimed order in one transaction; true if it ended DONE. */
    private boolean importOrder(OrderRow order) {
        try {
            return tables.inTransaction(() -> {
                String reason = rejection(order);
                if (reason != null) {
                    tables.orderFailed(order.id(), reason);
                    return false;
                }
                return tables.orderDone(order.id(), String.format("SO-%06d", order.id()));
            });
        } catch (RuntimeException e) {
            // never leave a claimed row PROCESSING without saying why
            log.warn("ERP sandbox could not import order row {}: {}", order.id(), e.toString());
            tables.orderFailed(order.id(), "ERP import failed: " + e.getMessage());
            return false;
        }
    }

    /** Why the ERP refuses an order, or null if it imports it. */
    private String rejection(OrderRow order) {
        if (rejectOrders.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return "Rejected by the ERP (simulated fault: rejectOrders)";
        }
        var imported = tables.importedAs(order.orderId());
        if (imported.isPresent()) {
            return "Duplicate order id '" + order.orderId() + "': already imported as sales order " + imported.get();
        }
        JsonNode lines;
        try {
            lines = JSON.readTree(order.orderLines());
        } catch (JsonProcessingException e) {
            return "order_lines is not valid JSON: " + e.getOriginalMessage();
        }
        if (lines == null || !lines.isArray() || lines.isEmpty()) {
            return "order_lines must be a non-empty JSON array of lines";
        }
        for (int i = 0; i < lines.size(); i++) {
            String reason = lineRejection(lines.get(i));
            if (reason != null) {
                return "Line " + (i + 1) + ": " + reason;
            }
        }
        return null;
    }

    private String lineRejection(JsonNode line) {
        String sku = line.path("sku").asText("");
        if (sku.isBlank()) {
            return "sku is missing";
        }
        JsonNode quantity = line.path("quantity");
        if (!quantity.isNumber()) {
            return "quantity is missing or not a number";
        }
        if (quantity.decimalValue().signum() <= 0) {
            return "quantity must be above 0, got " + quantity.asText();
        }
        if (!tables.itemExists(sku)) {
            return "unknown item '" + sku + "'";
        }
        return null;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            // a cycle still running finishes its transaction before the DataSource goes away
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
