package io.omnihub.outbound.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One call made to a target and how it ended, with the changes it carried (their correlation ids
 * tie the call to the canonical changes that caused it).
 *
 * @param operation  what was called, e.g. inventorySetQuantities, offer-stock, process-status
 * @param requestKey the idempotency key, or the process status followed
 * @param httpStatus null when no answer came
 * @param targetRef  the id the target gave the result (adjustment group, process status), if any
 */
public record Call(Target target, String operation, String requestKey, int attempt, Integer httpStatus,
        CallOutcome outcome, String detail, String targetRef, List<PendingChange> changes, Instant startedAt,
        Duration duration) {

    /** A call about to be made: the clock starts now. */
    public static Started start(Target target, String operation, String requestKey, int attempt, List<PendingChange> changes) {
        return new Started(target, operation, requestKey, attempt, changes, Instant.now(), System.nanoTime());
    }

    /** A call under way, to be finished with its answer. */
    public record Started(Target target, String operation, String requestKey, int attempt, List<PendingChange> changes,
            Instant startedAt, long startNanos) {

        public Call end(Integer httpStatus, CallOutcome outcome, String detail, String targetRef) {
            return new Call(target, operation, requestKey, attempt, httpStatus, outcome, detail, targetRef, changes,
                    startedAt, Duration.ofNanos(System.nanoTime() - startNanos));
        }
    }
}
