package io.omnihub.ops;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the hub keeps its records of what happened (io.omnihub.ops.HistoryRetention).
 *
 * @param webhooks      processed webhooks in the inbox (their history, and how long a redelivery is
 *                      known as a duplicate): at least a day, since platforms redeliver for hours
 * @param outboundCalls the record of every call made to a target, with the changes it carried
 * @param events        the event store and what the stock core did with each event (lineage); the
 *                      stock core's record of an event id is also how its redelivery is known, so at
 *                      least 7 days, Kafka's default topic retention (set it above your cluster's)
 * @param every         how often what is past its retention is deleted
 */
@ConfigurationProperties("omnihub.retention")
public record RetentionProperties(
        @DefaultValue("30d") Duration webhooks,
        @DefaultValue("30d") Duration outboundCalls,
        @DefaultValue("30d") Duration events,
        @DefaultValue("1h") Duration every) {

    private static final Duration SHORTEST_WEBHOOKS = Duration.ofDays(1);
    private static final Duration SHORTEST_EVENTS = Duration.ofDays(7);

    public RetentionProperties {
        if (webhooks.compareTo(SHORTEST_WEBHOOKS) < 0) {
            throw new IllegalArgumentException("omnihub.retention.webhooks is " + webhooks + "; it must be at least "
                    + SHORTEST_WEBHOOKS + ": platforms redeliver for hours, and a redelivery after the retention is stored again");
        }
        if (events.compareTo(SHORTEST_EVENTS) < 0) {
            throw new IllegalArgumentException("omnihub.retention.events is " + events + "; it must be at least "
                    + SHORTEST_EVENTS + ": a Kafka topic keeps events that long by default, and an event redelivered"
                    + " after its id was deleted would be applied again");
        }
        if (outboundCalls.isNegative() || outboundCalls.isZero()) {
            throw new IllegalArgumentException("omnihub.retention.outbound-calls is " + outboundCalls + "; it must be above zero");
        }
    }
}
