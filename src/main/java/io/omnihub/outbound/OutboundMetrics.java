package io.omnihub.outbound;

import java.time.Duration;
import java.time.Instant;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import io.omnihub.outbound.spi.Call;
import io.omnihub.outbound.spi.CallOutcome;
import io.omnihub.outbound.spi.Target;

/**
 * Outbound delivery per target account, for Prometheus ({@code omnihub_outbound_*}): calls by
 * operation and outcome, changes per call, throttling answers, lag from the canonical event to the
 * target's acknowledgement, open dead letters. The governor's waits are timed by the governors
 * themselves ({@code omnihub.outbound.governor.wait}).
 */
@Component
public class OutboundMetrics {

    private final MeterRegistry meters;

    public OutboundMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void call(Call call) {
        String target = call.target().id();
        Counter.builder("omnihub.outbound.calls").description("Calls made to a target, by operation and outcome")
                .tags("target", target, "operation", call.operation(), "outcome", call.outcome().name())
                .register(meters).increment();
        if (!call.changes().isEmpty()) {
            DistributionSummary.builder("omnihub.outbound.changes.per.call").description("Changes one call carried")
                    .tags("target", target, "operation", call.operation())
                    .register(meters).record(call.changes().size());
        }
        if (call.outcome() == CallOutcome.THROTTLED) {
            Counter.builder("omnihub.outbound.throttled").description("429 and THROTTLED answers")
                    .tags("target", target).register(meters).increment();
        }
    }

    /** A change the target acknowledged: time since the hub computed it. */
    void delivered(Target target, Instant eventTime) {
        Timer.builder("omnihub.outbound.lag").description("From the canonical event to the target's acknowledgement")
                .tags("target", target.id())
                .register(meters).record(Duration.between(eventTime, Instant.now()));
    }

    /** Open dead letters of a target, read when scraped. */
    <T> void deadLetters(Target target, T source, ToDoubleFunction<T> openCount) {
        Gauge.builder("omnihub.outbound.dead.letters", source, openCount)
                .description("Changes in the dead-letter inbox, not yet replayed")
                .tags("target", target.id()).register(meters);
    }
}
