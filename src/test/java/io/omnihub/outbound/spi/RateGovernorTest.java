package io.omnihub.outbound.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The governor paces, pauses and follows the target's word, and waits without holding a thread. */
class RateGovernorTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private RateGovernor governor(String name, long capacity, double perSecond) {
        return new RateGovernor(name, capacity, perSecond, scheduler, Timer.builder("wait").tag("g", name).register(meters));
    }

    @Test
    void pacesCallsToItsRateWithoutBlockingTheCaller() throws Exception {
        RateGovernor governor = governor("paced", 1, 20);
        long start = System.nanoTime();
        List<CompletableFuture<Long>> calls = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            calls.add(governor.acquire(1).thenApply(ignored -> System.nanoTime() - start));
        }
        // all eleven were asked for at once and the caller went on: nothing waited on this thread
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
        long last = calls.get(10).get(5, TimeUnit.SECONDS);
        // one token up front, then one every 50 ms
        assertThat(Duration.ofNanos(last)).isBetween(Duration.ofMillis(450), Duration.ofMillis(1500));
        assertThat(meters.get("wait").timer().count()).isEqualTo(11);
    }

    @Test
    void aPauseHoldsEveryCallUntilItIsOver() throws Exception {
        RateGovernor governor = governor("paused", 100, 100);
        governor.pause(Duration.ofMillis(400));
        long start = System.nanoTime();
        governor.acquire(1).get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(350));
        assertThat(governor.pausedFor()).isZero();
    }

    @Test
    void followsWhatTheTargetSaysIsLeftAndItsLimit() throws Exception {
        RateGovernor governor = governor("shop", 1000, 100);
        governor.observeAvailable(0);
        long start = System.nanoTime();
        governor.acquire(50).get(5, TimeUnit.SECONDS);
        // 50 points at 100 points/s
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(400), Duration.ofMillis(1500));

        governor.observeLimit(2000, 1000);
        assertThat(governor.capacity()).isEqualTo(2000);
        assertThat(governor.refillPerSecond()).isEqualTo(1000.0);
        // more left than the local bucket holds never raises it
        governor.observeAvailable(1_000_000);
    }

    @Test
    void aThrottledTargetDoesNotSlowAnother() throws Exception {
        RateGovernor stormy = governor("stormy", 1, 10);
        RateGovernor calm = governor("calm", 10, 10);
        stormy.pause(Duration.ofSeconds(3));
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            waiting.add(stormy.acquire(1));
        }
        long start = System.nanoTime();
        // one scheduler thread serves both: the 200 waiting calls hold none of it
        calm.acquire(1).get(1, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
        assertThat(waiting).noneMatch(CompletableFuture::isDone);
        waiting.forEach(w -> w.cancel(false));
    }
}
