package io.omnihub.outbound.spi;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Sends one request until the target answers it for good, the same request every time (so an
 * idempotency key makes a repeat harmless). Every attempt first waits on the target's governor.
 * A throttling answer pauses the governor (the whole target account) for the target's advised
 * time or an exponential pause, and does not count as an attempt; a transient failure is retried
 * after an exponential backoff with jitter, up to {@link RetrySettings#maxAttempts()}. Nothing
 * sleeps: waits are scheduled, and the work continues on the worker executor.
 */
public final class Attempts {

    private final RetrySettings settings;
    private final ScheduledExecutorService scheduler;
    private final Executor work;

    public Attempts(RetrySettings settings, ScheduledExecutorService scheduler, Executor work) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.work = work;
    }

    /**
     * @param attempt sends attempt n (from 1) and tells how it was answered; an exception counts as transient
     * @return the value of the final answer, or a {@link DeliveryFailure} when every attempt failed
     */
    public <T> CompletableFuture<T> send(RateGovernor governor, long cost, IntFunction<CompletableFuture<Answer<T>>> attempt) {
        var result = new CompletableFuture<T>();
        new Request<>(governor, cost, attempt, result).send(1, 0);
        return result;
    }

    /** Backoff before attempt {@code n + 1}: exponential, capped, the upper half of it random. */
    Duration backoff(int n) {
        return jittered(grown(settings.firstDelay(), n, settings.maxDelay()));
    }

    /** Pause after the k-th throttling answer in a row that gave no advice. */
    Duration throttlePause(int k) {
        return jittered(grown(settings.firstThrottlePause(), k, settings.maxThrottlePause()));
    }

    private static Duration grown(Duration first, int n, Duration max) {
        long millis = first.toMillis() << Math.min(20, n - 1);
        return Duration.ofMillis(Math.min(max.toMillis(), millis));
    }

    private static Duration jittered(Duration d) {
        long half = d.toMillis() / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    /** Why an attempt got no answer, in words for the records (no request data). */
    public static String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpTimeoutException) {
            return "no answer in time (" + cause.getMessage() + ")";
        }
        if (cause instanceof ConnectException) {
            return "cannot connect: " + cause.getMessage();
        }
        if (cause instanceof IOException) {
            return "connection failed: " + cause.getClass().getSimpleName() + " " + cause.getMessage();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private final class Request<T> {
        private final RateGovernor governor;
        private final long cost;
        private final IntFunction<CompletableFuture<Answer<T>>> attempt;
        private final CompletableFuture<T> result;
        private long throttledSince;

        Request(RateGovernor governor, long cost, IntFunction<CompletableFuture<Answer<T>>> attempt, CompletableFuture<T> result) {
            this.governor = governor;
            this.cost = cost;
            this.attempt = attempt;
            this.result = result;
        }

        void send(int n, int throttlesInARow) {
            governor.acquire(cost)
                    .thenComposeAsync(ignored -> attempt.apply(n), work)
                    .exceptionally(error -> Answer.failedTransiently(describe(error)))
                    .thenAcceptAsync(answer -> handle(answer, n, throttlesInARow), work)
                    .exceptionally(error -> {
                        result.completeExceptionally(error);
                        return null;
                    });
        }

        private void handle(Answer<T> answer, int n, int throttlesInARow) {
            if (answer instanceof Answer.Done<T> done) {
                result.complete(done.value());
            } else if (answer instanceof Answer.Throttled<T> throttled) {
                long now = System.nanoTime();
                if (throttlesInARow == 0) {
                    throttledSince = now;
                } else if (now - throttledSince > settings.maxThrottledTime().toNanos()) {
                    result.completeExceptionally(new DeliveryFailure("still throttled after "
                            + settings.maxThrottledTime().toSeconds() + " s", n));
                    return;
                }
                Duration own = throttlePause(throttlesInARow + 1);
                governor.pause(throttled.advised().compareTo(own) > 0 ? throttled.advised() : own);
                send(n, throttlesInARow + 1);
            } else if (answer instanceof Answer.Transient<T> failed) {
                if (n >= settings.maxAttempts()) {
                    result.completeExceptionally(new DeliveryFailure(failed.error() + " (after " + n + " attempts)", n));
                    return;
                }
                CompletableFuture.runAsync(() -> send(n + 1, 0),
                        CompletableFuture.delayedExecutor(backoff(n).toMillis(), TimeUnit.MILLISECONDS, scheduler));
            }
        }
    }
}
