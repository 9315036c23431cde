package io.omnihub.outbound.bol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The budget against a server that counts as bol does (a fixed window per rule, opened by the first
 * call after the last one ended), with calls that bunch and overtake each other on the way there and
 * back. Senders ask as fast as they can, so only the budget keeps the windows from overflowing.
 */
class FixedWindowBudgetTest {

    private static final int LIMIT = 10;
    private static final Duration WINDOW = Duration.ofMillis(200);

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** bol's count: the window opens with the first call after the previous one is over. */
    private static final class Server {
        private long windowStart = Long.MIN_VALUE;
        private int count;

        /** Calls left after this one, or -1: refused (429). */
        synchronized int arrive() {
            long now = System.nanoTime();
            if (windowStart == Long.MIN_VALUE || now - windowStart >= WINDOW.toNanos()) {
                windowStart = now;
                count = 0;
            }
            if (count >= LIMIT) {
                return -1;
            }
            count++;
            return LIMIT - count;
        }
    }

    @Test
    void bunchedAndOvertakingCallsFillEachWindowWithoutOverflowingIt() throws Exception {
        var budget = new FixedWindowBudget(LIMIT, WINDOW, scheduler);
        var server = new Server();
        var accepted = new AtomicInteger();
        var refused = new AtomicInteger();
        long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        CompletableFuture<?>[] senders = new CompletableFuture<?>[8];
        long start = System.nanoTime();
        for (int i = 0; i < senders.length; i++) {
            senders[i] = send(budget, server, accepted, refused, end);
        }
        CompletableFuture.allOf(senders).get(20, TimeUnit.SECONDS);
        double windows = (System.nanoTime() - start) / (double) WINDOW.toNanos();

        assertThat(refused.get()).as("429s").isZero();
        // each window ends up to a round trip (≤ 40 ms here) after bol's and the next opens with the next call
        assertThat(accepted.get()).as("calls accepted in %.1f windows", windows).isGreaterThan((int) (0.5 * LIMIT * windows));
    }

    @Test
    void aRefusedCallWaitsOnlyUntilTheWindowItHitIsOver() {
        var budget = new FixedWindowBudget(2, Duration.ofSeconds(10), scheduler);
        var opener = budget.admit().join();
        budget.answered(opener, 2, 1, null);
        var second = budget.admit().join();
        // someone else's call filled the window: refused, and the wait is the rest of the window the opener began
        Duration wait = budget.answered(second, 2, 0, null);
        assertThat(wait).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(10));
        assertThat(budget.room()).isLessThanOrEqualTo(0);
        assertThat(budget.admit()).isNotDone();
    }

    /** One sender: asks the budget, goes (with 0-20 ms each way, now and then a 30 ms stall), and asks again. */
    private CompletableFuture<Void> send(FixedWindowBudget budget, Server server, AtomicInteger accepted, AtomicInteger refused,
            long end) {
        if (System.nanoTime() > end) {
            return CompletableFuture.completedFuture(null);
        }
        return budget.admit()
                .thenCompose(ticket -> later(latency()).thenApply(ignored -> server.arrive())
                        .thenCompose(remaining -> later(latency()).thenApply(ignored -> {
                            if (remaining < 0) {
                                refused.incrementAndGet();
                                return budget.answered(ticket, LIMIT, 0, null);
                            }
                            accepted.incrementAndGet();
                            return budget.answered(ticket, LIMIT, remaining, null);
                        })))
                .thenCompose(wait -> later(wait.toMillis()))
                .thenCompose(ignored -> send(budget, server, accepted, refused, end));
    }

    private static long latency() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return random.nextInt(20) + (random.nextInt(20) == 0 ? 30 : 0);
    }

    private CompletableFuture<Void> later(long millis) {
        return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS, scheduler));
    }
}
