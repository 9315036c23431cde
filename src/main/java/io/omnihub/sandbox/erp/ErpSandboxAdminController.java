package io.omnihub.sandbox.erp;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;

import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.SandboxAdminController;
import io.omnihub.sandbox.SandboxApi;
import io.omnihub.sandbox.erp.ErpStagingTables.BookingType;
import io.omnihub.sandbox.erp.ErpStagingTables.Status;
import io.omnihub.sandbox.erp.ErpStagingTables.StockBooking;
import io.omnihub.sandbox.erp.ErpStagingTables.Table;

/**
 * The ERP sandbox's own admin endpoints under {@code /_sandbox/}: the interface tables read back
 * (rows and counts per status), a stock booking written now, a job cycle run now, and the job's
 * fault switch. Errors are problem JSON.
 */
@SandboxApi
@RequestMapping(SandboxAdminController.PREFIX)
public class ErpSandboxAdminController {

    private static final int MAX_ROWS = 1000;
    private static final DateTimeFormatter BATCH_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    /** A booking as a person enters it: location is a canonical id (UTR-01) or an ERP code (VST-020). */
    public record BookingRequest(String sku, String location, String type, BigDecimal quantity) {
    }

    private final ErpStagingTables tables;
    private final ErpJob job;
    private final ReferenceRetailer retailer;

    ErpSandboxAdminController(ErpStagingTables tables, ErpJob job, ReferenceRetailer retailer) {
        this.tables = tables;
        this.job = job;
        this.retailer = retailer;
    }

    /** Rows per status of every table. */
    @GetMapping("/tables")
    public Map<String, Map<Status, Long>> counts() {
        Map<String, Map<Status, Long>> counts = new LinkedHashMap<>();
        for (Table table : Table.values()) {
            counts.put(table.id(), tables.counts(table));
        }
        return counts;
    }

    /** A table's rows in id order; {@code afterId} pages on from the last id seen. */
    @GetMapping("/tables/{table}")
    public List<Map<String, Object>> rows(@PathVariable String table, @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") long afterId, @RequestParam(defaultValue = "100") int limit) {
        Table found = Table.byId(table).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No table '" + table + "'; the tables are " + Arrays.stream(Table.values()).map(Table::id).toList()));
        if (limit < 1 || limit > MAX_ROWS) {
            throw badRequest("limit must be between 1 and " + MAX_ROWS);
        }
        return tables.rows(found, status == null ? null : parse(Status.class, "status", status), afterId, limit);
    }

    /** Books one stock movement now, as the next version of that item's stock at that location. */
    @PostMapping("/stock-bookings")
    public ResponseEntity<Map<String, Object>> book(@RequestBody BookingRequest request) {
        if (request.sku() == null || request.location() == null || request.type() == null || request.quantity() == null) {
            throw badRequest("sku, location, type and quantity are required");
        }
        if (!tables.itemExists(request.sku())) {
            throw badRequest("The ERP has no item '" + request.sku() + "'");
        }
        String warehouse = retailer.locations().stream()
                .filter(l -> l.id().equals(request.location()) || l.erpCode().equals(request.location()))
                .map(ReferenceRetailer.Location::erpCode)
                .findFirst()
                .orElseThrow(() -> badRequest("Unknown location '" + request.location() + "'; use a canonical id "
                        + retailer.locations().stream().map(ReferenceRetailer.Location::id).toList() + " or an ERP code "
                        + retailer.locations().stream().map(ReferenceRetailer.Location::erpCode).toList()));
        BookingType type = parse(BookingType.class, "type", request.type());
        String invalid = type.invalid(request.quantity());
        if (invalid != null) {
            throw badRequest(invalid);
        }
        var booking = new StockBooking(request.sku(), warehouse, type, request.quantity());
        String batch = "ADMIN-" + BATCH_TIME.format(tables.localNow());
        return ResponseEntity.status(HttpStatus.CREATED).body(tables.book(List.of(booking), batch).get(0));
    }

    @PostMapping("/job/run")
    public ErpJob.Cycle runJob() {
        return job.runOnce();
    }

    @GetMapping("/job/faults")
    public ErpJob.JobFaults jobFaults() {
        return job.faults();
    }

    @PutMapping("/job/faults")
    public ErpJob.JobFaults setJobFaults(@RequestBody ErpJob.JobFaults faults) {
        job.setFaults(faults);
        return job.faults();
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<Map<String, Object>> refused(ResponseStatusException e) {
        return ErpProblems.problem(HttpStatus.valueOf(e.getStatusCode().value()), e.getReason());
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<Map<String, Object>> unreadable(Exception e) {
        return ErpProblems.problem(HttpStatus.BAD_REQUEST, "Unreadable request: " + e.getMessage());
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String value) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw badRequest(name + " must be one of " + Arrays.toString(type.getEnumConstants()) + ", not '" + value + "'");
        }
    }

    private static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
