package io.omnihub.sandbox.square;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Square POS sandbox. Limits and timings default to what Square documents
 * (shared/reference/platform-facts.md section 7); the token and signature key are the sandbox's own
 * test credentials, never real ones.
 *
 * @param port                   TCP port on 127.0.0.1 (0 = any free port)
 * @param accessToken            the only bearer token the sandbox accepts
 * @param squareVersion          API version used when a call sends no {@code Square-Version} header
 * @param merchantId             the seller account's merchant id (locations and webhooks carry it)
 * @param maxChangesPerBatch     most changes one batch-create takes
 * @param defaultPageSize        page size of the batch-retrieve calls when the request gives no limit
 * @param maxPageSize            largest limit the batch-retrieve calls accept
 * @param notificationUrl        the webhook subscription's notification URL; blank = no subscription
 * @param signatureKey           the subscription's signature key for {@code x-square-hmacsha256-signature}
 * @param webhookTimeout         time a receiver has to answer one delivery with 2xx
 * @param webhookFirstRetryDelay wait before the first retry of a failed delivery
 * @param webhookRetryMultiplier growth of the wait from one retry to the next
 * @param webhookMaxRetryDelay   longest wait between two retries
 * @param webhookRetryWindow     how long after the event retries go on before the notification is dropped
 */
@ConfigurationProperties("omnihub.sandbox.square")
public record SquareSandboxProperties(
        @DefaultValue("18083") int port,
        @DefaultValue("EAAAl-omnihub-sandbox-square-token") String accessToken,
        @DefaultValue("2026-08-19") String squareVersion,
        @DefaultValue("MLEFBHHSJGVHD") String merchantId,
        @DefaultValue("100") int maxChangesPerBatch,
        @DefaultValue("100") int defaultPageSize,
        @DefaultValue("1000") int maxPageSize,
        @DefaultValue("http://127.0.0.1:8080/webhooks/square/outdoor-nl") String notificationUrl,
        @DefaultValue("omnihub-sandbox-square-signature-key") String signatureKey,
        @DefaultValue("10s") Duration webhookTimeout,
        @DefaultValue("1m") Duration webhookFirstRetryDelay,
        @DefaultValue("2.0") double webhookRetryMultiplier,
        @DefaultValue("60m") Duration webhookMaxRetryDelay,
        @DefaultValue("24h") Duration webhookRetryWindow) {

    @Override
    public String toString() {
        return "SquareSandboxProperties[port=" + port + ", squareVersion=" + squareVersion
                + ", notificationUrl=" + notificationUrl + ", accessToken=****, signatureKey=****]";
    }
}
