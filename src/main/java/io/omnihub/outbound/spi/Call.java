package io.omnihub.outbound.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One call made to a target and how it ended, with the changes it carried (their correlation ids
 * tie the call to the canonical changes that caused it).
 *
 * @param operation      what was called, e.g. inventorySetQuantities, offer-stock, process-status
 * @param requestKey     the idempotency key, or the process status followed
 * @param httpStatus     null when no answer came
 * @param targetRef      the id the target gave the result (adjustment group, process status), if any
 * @param changeOutcomes how a change of the call ended where that differs from the call's own outcome
 *                       (one bulk read of bol.com process statuses: some SUCCESS, some still PENDING), by
 *                       position id; empty when every change ended as the call did
 */
public record Call(Target target, String operation, String requestKey, int attempt, Integer httpStatus,
        CallOutcome outcome, String detail, String targetRef, List<PendingChange> changes, Map<Long, CallOutcome> changeOutcomes,
        Instant startedAt, Duration duration) {

    /** A call about to be made: the clock starts now. */
    public static Started start(Target target, String operation, String requestKey, int attempt, List<PendingChange> changes) {
        return new Started(target, operation, requestKey, attempt, changes, Instant.now(), System.nanoTime());
    }

    /** How {@code change} ended in this call. */
    public CallOutcome outcomeOf(PendingChange change) {
        return changeOutcomes.getOrDefault(change.positionId(), outcome);
    }

    /** A call under way, to be finished with its answer. */
    public record Started(Target target, String operation, String requestKey, int attempt, List<PendingChange> changes,
            Instant startedAt, long startNanos) {

        public Call end(Integer httpStatus, CallOutcome outcome, String detail, String targetRef) {
            return end(httpStatus, outcome, detail, targetRef, Map.of());
        }

        public Call end(Integer httpStatus, CallOutcome outcome, String detail, String targetRef,
                Map<Long, CallOutcome> changeOutcomes) {
            return new Call(target, operation, requestKey, attempt, httpStatus, outcome, detail, targetRef, changes,
                    Map.copyOf(changeOutcomes), startedAt, Duration.ofNanos(System.nanoTime() - startNanos));
        }
    }
}
