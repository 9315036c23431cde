package io.omnihub.outbound.spi;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.omnihub.mapping.Mappings;
import io.omnihub.xref.IdRegistry;
import io.omnihub.xref.XrefConflictException;

/**
 * What the shared side gives every platform client: the threads, the retrying sender, the call
 * records, the mapping files, the ID registry and governors that report their waits. All targets
 * share one small set of threads: a scheduler (windows, governor waits, backoff, polling) and a
 * fixed pool of workers; nothing waits by holding one.
 */
public final class ClientSupport implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClientSupport.class);

    private final ScheduledExecutorService scheduler;
    private final ExecutorService work;
    private final Attempts attempts;
    private final CallRecorder calls;
    private final Mappings mappings;
    private final IdRegistry registry;
    private final MeterRegistry meters;
    private final ObjectMapper json = new ObjectMapper();

    /** @param threads the workers all targets share */
    public ClientSupport(int threads, RetrySettings retry, CallRecorder calls, Mappings mappings, IdRegistry registry,
            MeterRegistry meters) {
        this.scheduler = Executors.newScheduledThreadPool(2, named("omnihub-outbound-timer-"));
        this.work = Executors.newFixedThreadPool(threads, named("omnihub-outbound-"));
        this.attempts = new Attempts(retry, scheduler, work);
        this.calls = calls;
        this.mappings = mappings;
        this.registry = registry;
        this.meters = meters;
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    public Executor work() {
        return work;
    }

    public Attempts attempts() {
        return attempts;
    }

    public CallRecorder calls() {
        return calls;
    }

    public ObjectMapper json() {
        return json;
    }

    /** An HTTP/1.1 client for one target, answering on the worker executor. */
    public HttpClient httpClient(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .executor(work).build();
    }

    /** A governor whose waits show in the metric omnihub.outbound.governor.wait (target, limit). */
    public RateGovernor governor(Target target, String limit, long capacity, double refillPerSecond) {
        Timer waits = Timer.builder("omnihub.outbound.governor.wait")
                .description("Time calls waited for the target's rate limit")
                .tags("target", target.id(), "limit", limit)
                .register(meters);
        return new RateGovernor(target.id() + " " + limit, capacity, refillPerSecond, scheduler, waits);
    }

    /** A change through its outbound mapping file ({@code <system>/<name>.out}); a failure names the file. */
    public JsonNode map(String mapping, PendingChange change, Target target) {
        return mappings.map(mapping, change.availability(target.channel()));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        work.shutdown();
        try {
            work.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The registry learns an id the target created; a conflict is logged, never fails the delivery. */
    public void learn(String system, String entity, String externalId, String canonicalId) {
        try {
            registry.link(system, entity, externalId, canonicalId);
        } catch (XrefConflictException e) {
            log.warn("ID registry did not take {} {} {}: {}", system, entity, externalId, e.getMessage());
        }
    }
}
