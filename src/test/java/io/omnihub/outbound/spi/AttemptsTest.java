package io.omnihub.outbound.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One request pursued: throttling pauses the target, transient failures back off, attempts are bounded. */
class AttemptsTest {

    private static final RetrySettings RETRY = new RetrySettings(3, Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService work = Executors.newFixedThreadPool(2);
    private final Attempts attempts = new Attempts(RETRY, scheduler, work);
    private final RateGovernor governor = new RateGovernor("t", 100, 100, scheduler,
            Timer.builder("wait").register(new SimpleMeterRegistry()));

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        work.shutdownNow();
    }

    @Test
    void aTransientFailureIsRetriedAfterABackoffAndThrottlingIsNoAttempt() throws Exception {
        List<Integer> seen = new ArrayList<>();
        List<Answer<String>> answers = new ArrayList<>(List.of(Answer.throttled(Duration.ofMillis(300)),
                Answer.failedTransiently("503"), Answer.done("ok")));
        long start = System.nanoTime();
        String result = attempts.<String>send(governor, 1, n -> {
            seen.add(n);
            return CompletableFuture.completedFuture(answers.remove(0));
        }).get(5, TimeUnit.SECONDS);

        assertThat(result).isEqualTo("ok");
        // the throttled answer did not count: attempt 1 twice, then attempt 2
        assertThat(seen).containsExactly(1, 1, 2);
        // the target's advice (300 ms) and one backoff (50-100 ms)
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(340));
    }

    @Test
    void afterTheLastAttemptTheRequestFailsNamingTheProblem() {
        CompletableFuture<String> result = attempts.send(governor, 1,
                n -> n == 1 ? CompletableFuture.failedFuture(new java.net.ConnectException("refused"))
                        : CompletableFuture.completedFuture(Answer.failedTransiently("HTTP 503")));
        assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(DeliveryFailure.class).hasMessage("HTTP 503 (after 3 attempts)")
                .extracting(e -> ((DeliveryFailure) e).attempts()).isEqualTo(3);
    }

    @Test
    void backoffGrowsAndStaysWithinItsBounds() {
        assertThat(attempts.backoff(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(attempts.backoff(3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(attempts.backoff(30)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(attempts.throttlePause(5)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    }
}
