package io.omnihub.sandbox;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The fault switches of one sandbox, set through its admin API. Counts, not probabilities, so a
 * test says exactly what happens: "the next 20 calls get 429" is a storm that ends by itself.
 *
 * <ul>
 * <li>latency: added before every API call is answered;</li>
 * <li>serverErrors: the next N API calls answer the platform's 5xx;</li>
 * <li>throttles: the next N API calls answer the platform's throttling error (429 or THROTTLED);</li>
 * <li>droppedWebhooks: the next N webhooks are never delivered (the platform gave up on them);</li>
 * <li>duplicatedWebhooks: the next N webhooks are delivered twice;</li>
 * <li>reorderedWebhooks: the next N webhooks are held and then delivered newest first.</li>
 * </ul>
 * The API call faults (latency, serverErrors, throttles) hit every API call, or with {@code path}
 * only the calls whose path starts with it ({@code /retailer/orders/1100000001}: one order's reads),
 * so a test can fail one request and let the calls around it through.
 */
public final class Faults {

    /** The switches as the admin API reads and writes them. */
    public record Settings(long latencyMillis, int serverErrors, int throttles,
            int droppedWebhooks, int duplicatedWebhooks, int reorderedWebhooks, String path) {

        public static final Settings NONE = new Settings(0, 0, 0, 0, 0, 0);

        /** Call faults on every API call. */
        public Settings(long latencyMillis, int serverErrors, int throttles, int droppedWebhooks, int duplicatedWebhooks,
                int reorderedWebhooks) {
            this(latencyMillis, serverErrors, throttles, droppedWebhooks, duplicatedWebhooks, reorderedWebhooks, null);
        }
    }

    private final PlatformErrors errors;
    private volatile Duration latency = Duration.ZERO;
    private volatile String path;
    private final AtomicInteger serverErrors = new AtomicInteger();
    private final AtomicInteger throttles = new AtomicInteger();
    private final AtomicInteger droppedWebhooks = new AtomicInteger();
    private final AtomicInteger duplicatedWebhooks = new AtomicInteger();
    private final AtomicInteger reorderedWebhooks = new AtomicInteger();

    public Faults(PlatformErrors errors) {
        this.errors = errors;
    }

    public Settings settings() {
        return new Settings(latency.toMillis(), serverErrors.get(), throttles.get(),
                droppedWebhooks.get(), duplicatedWebhooks.get(), reorderedWebhooks.get(), path);
    }

    public void set(Settings settings) {
        latency = Duration.ofMillis(Math.max(0, settings.latencyMillis()));
        path = settings.path() == null || settings.path().isEmpty() ? null : settings.path();
        serverErrors.set(Math.max(0, settings.serverErrors()));
        throttles.set(Math.max(0, settings.throttles()));
        droppedWebhooks.set(Math.max(0, settings.droppedWebhooks()));
        duplicatedWebhooks.set(Math.max(0, settings.duplicatedWebhooks()));
        reorderedWebhooks.set(Math.max(0, settings.reorderedWebhooks()));
    }

    /** True if this webhook is to be dropped; uses up one count. */
    public boolean dropWebhook() {
        return takeOne(droppedWebhooks);
    }

    /** True if this webhook is to be delivered twice; uses up one count. */
    public boolean duplicateWebhook() {
        return takeOne(duplicatedWebhooks);
    }

    /** True if this webhook is to be held for out-of-order delivery; uses up one count. */
    public boolean reorderWebhook() {
        return takeOne(reorderedWebhooks);
    }

    /** True while held webhooks are still waiting for the rest of their out-of-order batch. */
    public boolean reorderPending() {
        return reorderedWebhooks.get() > 0;
    }

    private static boolean takeOne(AtomicInteger counter) {
        return counter.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    Filter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Duration delay = latency;
                if (!delay.isZero()) {
                    try {
                        Thread.sleep(delay.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ServletException("interrupted while simulating latency", e);
                    }
                }
                if (takeOne(throttles)) {
                    errors.writeThrottled(response);
                } else if (takeOne(serverErrors)) {
                    errors.writeServerError(response);
                } else {
                    chain.doFilter(request, response);
                }
            }

            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                String only = path;
                return SandboxAdminController.isAdminPath(request) || (only != null && !request.getRequestURI().startsWith(only));
            }
        };
    }
}
