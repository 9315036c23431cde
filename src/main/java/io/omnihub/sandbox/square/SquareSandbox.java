package io.omnihub.sandbox.square;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.sandbox.CallLog;
import io.omnihub.sandbox.Faults;
import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.SandboxProperties;
import io.omnihub.sandbox.SandboxServer;
import io.omnihub.sandbox.WebhookDispatcher;

/**
 * The Square POS sandbox: Square's API v2 for locations, inventory and orders on its own port, a
 * till that sells through the admin API, and signed webhooks to the notification URL, seeded from
 * the reference retailer. See docs/connectors/square.md.
 */
public final class SquareSandbox implements AutoCloseable {

    private final SandboxServer server;
    private final SquareAccount account;
    private final WebhookDispatcher dispatcher;

    private SquareSandbox(SandboxServer server, SquareAccount account, WebhookDispatcher dispatcher) {
        this.server = server;
        this.account = account;
        this.dispatcher = dispatcher;
    }

    public static SquareSandbox start(SquareSandboxProperties settings, SandboxProperties common,
            ReferenceRetailer retailer, Clock clock) {
        var errors = new SquareErrors(new ObjectMapper());
        var faults = new Faults(errors);
        var calls = new CallLog(common.callLogCapacity(), clock);
        WebhookDispatcher dispatcher = settings.notificationUrl().isBlank() ? null
                : new WebhookDispatcher("square", faults,
                        new SquareWebhookSigner(settings.notificationUrl(), settings.signatureKey(), clock),
                        retryPolicy(settings), clock);
        var ids = new SquareIds(retailer.seed());
        var account = new SquareAccount(settings.merchantId(), new SquareCatalog(retailer),
                new SquareNotifier(settings.merchantId(), settings.notificationUrl(), dispatcher, ids), ids, clock);
        List<Object> beans = new ArrayList<>(List.of(account, settings,
                new SquareApiGuard(settings.accessToken(), settings.squareVersion(), errors)));
        if (dispatcher != null) {
            beans.add(dispatcher);
        }
        try {
            SandboxServer server = SandboxServer.start("square", settings.port(), faults, calls, beans,
                    SquareWebConfiguration.class, SquareWebConfiguration.Errors.class, SquareApiController.class, SquareSandboxAdminController.class);
            return new SquareSandbox(server, account, dispatcher);
        } catch (RuntimeException e) {
            if (dispatcher != null) {
                dispatcher.close();
            }
            throw e;
        }
    }

    /**
     * Square's schedule: waits growing from the first delay up to the longest, for as many retries as
     * fit in the retry window (defaults: 1, 2, 4 … 32 min, then hourly, 28 retries within 24 h).
     */
    static WebhookDispatcher.RetryPolicy retryPolicy(SquareSandboxProperties settings) {
        if (settings.webhookRetryMultiplier() < 1 || settings.webhookFirstRetryDelay().isNegative()
                || settings.webhookFirstRetryDelay().isZero()) {
            throw new IllegalArgumentException("omnihub.sandbox.square: webhook-first-retry-delay must be positive"
                    + " and webhook-retry-multiplier at least 1");
        }
        long window = settings.webhookRetryWindow().toMillis();
        long longest = settings.webhookMaxRetryDelay().toMillis();
        double next = settings.webhookFirstRetryDelay().toMillis();
        long elapsed = 0;
        int retries = 0;
        while (true) {
            long delay = Math.max(1, (long) Math.min(next, longest));
            if (elapsed + delay > window) {
                break;
            }
            elapsed += delay;
            retries++;
            next *= settings.webhookRetryMultiplier();
        }
        return new WebhookDispatcher.RetryPolicy(retries, settings.webhookFirstRetryDelay(),
                settings.webhookRetryMultiplier(), settings.webhookMaxRetryDelay(), settings.webhookTimeout());
    }

    public int port() {
        return server.port();
    }

    /** http://127.0.0.1:port, without a trailing slash. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** The seller's state (locations, counts, changes, orders). */
    SquareAccount account() {
        return account;
    }

    @Override
    public void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        server.close();
    }
}
