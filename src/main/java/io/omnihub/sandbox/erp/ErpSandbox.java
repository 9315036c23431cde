package io.omnihub.sandbox.erp;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import io.omnihub.sandbox.CallLog;
import io.omnihub.sandbox.Faults;
import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.SandboxProperties;
import io.omnihub.sandbox.SandboxServer;

/**
 * The simulated ERP: its interface tables in schema erp of the given database (created and seeded
 * on start), its scheduled job, and an admin API on its own port to read the tables back and
 * trigger bookings and job cycles. The hub reaches the ERP only through the tables, like a real one.
 */
public final class ErpSandbox implements AutoCloseable {

    private final ErpStagingTables tables;
    private final ErpJob job;
    private final SandboxServer server;

    private ErpSandbox(ErpStagingTables tables, ErpJob job, SandboxServer server) {
        this.tables = tables;
        this.job = job;
        this.server = server;
    }

    public static ErpSandbox start(ErpSandboxProperties settings, SandboxProperties common, ReferenceRetailer retailer,
            Clock clock, DataSource dataSource) {
        var tables = new ErpStagingTables(dataSource, clock, settings.timeZone());
        tables.migrate();
        tables.seed(retailer);
        var job = new ErpJob(tables, retailer, settings.orderBatchSize());
        var faults = new Faults(new ErpProblems());
        var calls = new CallLog(common.callLogCapacity(), clock);
        SandboxServer server = SandboxServer.start("erp", settings.port(), faults, calls,
                List.of(tables, job, retailer), ErpSandboxAdminController.class);
        job.schedule(settings.jobInterval());
        return new ErpSandbox(tables, job, server);
    }

    public int port() {
        return server.port();
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public ErpStagingTables tables() {
        return tables;
    }

    public ErpJob job() {
        return job;
    }

    @Override
    public void close() {
        job.close();
        server.close();
    }
}
