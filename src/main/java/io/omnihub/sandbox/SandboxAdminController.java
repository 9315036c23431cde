package io.omnihub.sandbox;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The admin API every sandbox shares, under {@code /_sandbox/}: fault switches, the calls it
 * received, the webhooks it sent and, where the platform holds stock the hub writes, every quantity it came to hold. Platform-specific state and triggers live next to it in each
 * sandbox's own admin controller under the same prefix. Never part of the simulated platform's API.
 */
@SandboxApi
@RequestMapping(SandboxAdminController.PREFIX)
public class SandboxAdminController {

    public static final String PREFIX = "/_sandbox";

    private final Faults faults;
    private final CallLog calls;
    private final ObjectProvider<WebhookDispatcher> webhooks;
    private final ObjectProvider<StockHistory> stock;

    SandboxAdminController(Faults faults, CallLog calls, ObjectProvider<WebhookDispatcher> webhooks,
            ObjectProvider<StockHistory> stock) {
        this.faults = faults;
        this.calls = calls;
        this.webhooks = webhooks;
        this.stock = stock;
    }

    static boolean isAdminPath(HttpServletRequest request) {
        return request.getRequestURI().startsWith(PREFIX + "/");
    }

    @GetMapping("/faults")
    public Faults.Settings faults() {
        return faults.settings();
    }

    @PutMapping("/faults")
    public Faults.Settings setFaults(@RequestBody Faults.Settings settings) {
        faults.set(settings);
        return faults.settings();
    }

    /** Calls received, oldest first; {@code path} keeps only those whose path starts with it. */
    @GetMapping("/calls")
    public List<CallLog.Call> calls(@RequestParam(required = false) String path) {
        return calls.calls().stream().filter(c -> path == null || c.path().startsWith(path)).toList();
    }

    @DeleteMapping("/calls")
    public ResponseEntity<Void> clearCalls() {
        calls.clear();
        return ResponseEntity.noContent().build();
    }

    /** Every stock quantity the platform came to hold, oldest first, all or of one SKU; 404 for a sandbox without stock. */
    @GetMapping("/stock-changes")
    public ResponseEntity<List<StockHistory.Change>> stockChanges(@RequestParam(required = false) String sku) {
        StockHistory history = stock.getIfAvailable();
        return history == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(history.changes(sku));
    }

    /** Every webhook delivery attempt, oldest first. */
    @GetMapping("/webhooks")
    public ResponseEntity<List<WebhookDispatcher.Delivery>> deliveries() {
        WebhookDispatcher dispatcher = webhooks.getIfAvailable();
        return dispatcher == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(dispatcher.deliveries());
    }

    /** Sends webhooks held for out-of-order delivery now, newest first. */
    @PostMapping("/webhooks/flush")
    public ResponseEntity<Void> flushWebhooks() {
        WebhookDispatcher dispatcher = webhooks.getIfAvailable();
        if (dispatcher == null) {
            return ResponseEntity.notFound().build();
        }
        dispatcher.flushHeld();
        return ResponseEntity.accepted().build();
    }
}
