package io.omnihub.sandbox.bol;

import java.time.Clock;
import java.util.List;

import io.omnihub.sandbox.CallLog;
import io.omnihub.sandbox.Faults;
import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.SandboxProperties;
import io.omnihub.sandbox.SandboxServer;
import io.omnihub.sandbox.StockHistory;

/**
 * The bol.com Retailer API v10 sandbox: token endpoint, offers, orders, shipments and process
 * statuses on its own port, with bol's auth, media types, rate limits and asynchronous writes.
 * See docs/connectors/bol.md.
 */
public final class BolSandbox implements AutoCloseable {

    private final SandboxServer server;
    private final BolState state;
    private final Faults faults;
    private final CallLog calls;

    private BolSandbox(SandboxServer server, BolState state, Faults faults, CallLog calls) {
        this.server = server;
        this.state = state;
        this.faults = faults;
        this.calls = calls;
    }

    public static BolSandbox start(BolSandboxProperties settings, SandboxProperties common, ReferenceRetailer retailer,
            Clock clock) {
        var faults = new Faults(new BolPlatformErrors(settings.throttleRetryAfter(), settings.serverErrorStatus()));
        var calls = new CallLog(common.callLogCapacity(), clock);
        var stock = new StockHistory(common.callLogCapacity(), clock);
        var state = new BolState(retailer, clock, settings.processingDelay(), settings.ordersPageSize(), stock);
        var tokens = new BolTokens(settings, clock);
        var limits = new BolRateLimiter(settings.rateLimits(), clock);
        var server = SandboxServer.start("bol", settings.port(), faults, calls, List.of(state, tokens, limits, stock),
                BolApiGuard.class, BolExceptionHandler.class, BolTokenController.class, BolOfferController.class,
                BolOrderController.class, BolProcessStatusController.class, BolSandboxAdminController.class);
        return new BolSandbox(server, state, faults, calls);
    }

    public int port() {
        return server.port();
    }

    /** http://127.0.0.1:port: the API, the token endpoint ({@code /token}) and the admin API ({@code /_sandbox/}). */
    public String baseUrl() {
        return server.baseUrl();
    }

    public BolState state() {
        return state;
    }

    public Faults faults() {
        return faults;
    }

    public CallLog calls() {
        return calls;
    }

    @Override
    public void close() {
        server.close();
    }
}
