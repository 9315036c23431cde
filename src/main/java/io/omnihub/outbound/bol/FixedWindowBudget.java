package io.omnihub.outbound.bol;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How many more calls bol's current fixed window of one rate rule takes, as bol's own answers say:
 * every answer's {@code x-ratelimit-remaining} is a bound on the calls that may still arrive in that
 * answer's window, and a call goes only while every bound still in force leaves room for it and for
 * the calls still under way. The smooth pace is the governor's; this keeps a bunch of calls (a
 * stalled thread, a busy machine) from overflowing a window, so the pace can sit at bol's limit.
 *
 * <p>Why it is safe: take the answered call that arrived last in a window; every call arriving after
 * it was either under way when that answer came or sent later, and both are counted against its
 * {@code remaining}. A bound lasts one window length after its answer (its window cannot end later),
 * or less once the answer of the call that opened that window shows when it ends. Waiting is
 * scheduled, never slept.
 */
final class FixedWindowBudget {

    /** One answer's bound: calls sent in total may not pass {@code base} until {@code expiresAt}. */
    private record Bound(long base, long expiresAt, long answeredAt) {
    }

    private final Duration window;
    private final ScheduledExecutorService scheduler;
    private final List<Bound> bounds = new ArrayList<>();
    private final Deque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    private long limit;
    private long sent;
    private long underWay;
    // the call that opened bol's newest known window: sent at, its window over by
    private long openerSentAt = Long.MIN_VALUE;
    private long openedWindowEnd = Long.MIN_VALUE;
    private boolean drainScheduled;

    FixedWindowBudget(long limit, Duration window, ScheduledExecutorService scheduler) {
        this.limit = limit;
        this.window = window;
        this.scheduler = scheduler;
    }

    /** A call that may go: its send time, for {@link #answered} or {@link #unanswered}. */
    record Ticket(long sentAt) {
    }

    /** Completes (on the scheduler when it had to wait) once a call fits in bol's window. */
    CompletableFuture<Ticket> admit() {
        CompletableFuture<Void> turn = new CompletableFuture<>();
        synchronized (this) {
            waiting.add(turn);
        }
        drain();
        return turn.thenApply(ignored -> new Ticket(System.nanoTime()));
    }

    /**
     * bol's answer to a call: its limit and the calls left in the call's window (0 for a 429, which
     * bol does not count), and when bol said the window is over ({@code Retry-After}; null when it did
     * not: then at most one window length). Answers how long a refused call should wait: until that
     * window is over.
     */
    Duration answered(Ticket ticket, long newLimit, long remaining, Duration overWithin) {
        long now = System.nanoTime();
        Duration wait;
        synchronized (this) {
            underWay--;
            if (newLimit > 0) {
                limit = newLimit;
            }
            long length = window.toNanos();
            if (remaining == limit - 1 && ticket.sentAt() > openerSentAt) {
                // this call opened a window: it ends within one window of this answer, and what was
                // answered before the call went out arrived earlier, in windows that are over by then
                openerSentAt = ticket.sentAt();
                openedWindowEnd = now + length;
                bounds.removeIf(b -> b.answeredAt() < ticket.sentAt());
            }
            long expiresAt = now + length;
            if (now < openerSentAt + length) {
                // it arrived before the newest window could end: in that window or an older one
                expiresAt = Math.min(expiresAt, openedWindowEnd);
            }
            if (overWithin != null) {
                // a rule counted over minutes would otherwise hold every call for its whole window
                expiresAt = Math.min(expiresAt, now + overWithin.toNanos());
            }
            if (remaining >= 0) {
                add(new Bound(remaining - underWay + sent, expiresAt, now));
            }
            wait = Duration.ofNanos(Math.max(0, expiresAt - now));
        }
        drain();
        return wait;
    }

    /** A call that got no answer (timeout, connection refused): no longer under way. */
    void unanswered(Ticket ticket) {
        synchronized (this) {
            underWay--;
        }
        drain();
    }

    /** Calls that may go now; negative when more are under way than bol's window has room for. */
    synchronized long room() {
        long now = System.nanoTime();
        bounds.removeIf(b -> b.expiresAt() <= now);
        long room = limit - underWay;
        for (Bound bound : bounds) {
            room = Math.min(room, bound.base() - sent);
        }
        return room;
    }

    /** A bound that is tighter and lasts as long as an older one makes that one idle. */
    private void add(Bound bound) {
        bounds.removeIf(b -> b.base() >= bound.base() && b.expiresAt() <= bound.expiresAt());
        bounds.add(bound);
    }

    /** Lets waiting calls go while there is room; when there is none, tries again when the tightest bound expires. */
    private void drain() {
        while (true) {
            CompletableFuture<Void> next;
            long retryAt = 0;
            synchronized (this) {
                next = waiting.peekFirst();
                if (next == null) {
                    return;
                }
                if (room() > 0) {
                    waiting.pollFirst();
                    sent++;
                    underWay++;
                } else {
                    if (drainScheduled) {
                        return;
                    }
                    drainScheduled = true;
                    long now = System.nanoTime();
                    // the tightest bound's end, or (too many under way) one call's share of the window
                    retryAt = Math.max(now + 1_000_000, bounds.stream().mapToLong(Bound::expiresAt).min()
                            .orElse(now + window.toNanos() / Math.max(1, limit)));
                    next = null;
                }
            }
            if (next == null) {
                scheduler.schedule(() -> {
                    synchronized (this) {
                        drainScheduled = false;
                    }
                    drain();
                }, retryAt - System.nanoTime(), TimeUnit.NANOSECONDS);
                return;
            }
            next.complete(null);
        }
    }
}
