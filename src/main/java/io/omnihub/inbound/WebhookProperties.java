package io.omnihub.inbound;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The webhook inbox: who may call it, how large a body may be, which mapping handles which topic,
 * and how processing retries. Secrets come from the environment only (see application.yaml).
 *
 * @param topics      per system, platform topic → inbound mapping, e.g. shopify: orders/create → shopify/order.in
 * @param sweepEvery  how often rows left behind (a crash, a failed attempt) are picked up again
 * @param maxAttempts processing attempts before a record is rejected for good
 * @param retention   how long a processed webhook stays in the inbox (history, and duplicates known as
 *                    such); at least a day, since platforms redeliver for hours
 * @param purgeEvery  how often rows past the retention are deleted
 */
@ConfigurationProperties("omnihub.webhooks")
public record WebhookProperties(
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue List<Account> accounts,
        @DefaultValue Map<String, Map<String, String>> topics,
        @DefaultValue("5s") Duration sweepEvery,
        @DefaultValue("10") int maxAttempts,
        @DefaultValue("30d") Duration retention,
        @DefaultValue("1h") Duration purgeEvery) {

    private static final Duration SHORTEST_RETENTION = Duration.ofDays(1);

    public WebhookProperties {
        if (retention.compareTo(SHORTEST_RETENTION) < 0) {
            throw new IllegalArgumentException("omnihub.webhooks.retention is " + retention + "; it must be at least "
                    + SHORTEST_RETENTION + ": platforms redeliver for hours, and a redelivery after the retention is stored again");
        }
    }

    /**
     * One account of one platform that may call {@code /webhooks/<system>/<account>}.
     *
     * @param notificationUrl the URL exactly as registered with the platform, for schemes that sign it (Square)
     */
    public record Account(String system, String account, String secret, String notificationUrl) {

        @Override
        public String toString() {
            return "Account[" + system + "/" + account + ", secret=****]";
        }
    }
}
