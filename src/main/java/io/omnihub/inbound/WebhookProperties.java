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
 */
@ConfigurationProperties("omnihub.webhooks")
public record WebhookProperties(
        @DefaultValue("1MB") DataSize maxBodySize,
        @DefaultValue List<Account> accounts,
        @DefaultValue Map<String, Map<String, String>> topics,
        @DefaultValue("5s") Duration sweepEvery,
        @DefaultValue("10") int maxAttempts) {

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
