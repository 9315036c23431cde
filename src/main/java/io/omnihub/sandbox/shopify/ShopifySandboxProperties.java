package io.omnihub.sandbox.shopify;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Shopify sandbox ({@code omnihub.sandbox.shopify.*}). Limits and timings default
 * to Shopify's documented values (../shared/reference/platform-facts.md, section 1); the bucket
 * size for the new plan rates is unconfirmed there, so 1000 is the older documented size.
 *
 * @param port                                 the sandbox's own port on 127.0.0.1 (0: a free one)
 * @param shopDomain                           the one shop it simulates
 * @param apiVersion                           the only Admin API version it serves; others answer 404
 * @param accessToken                          the app's Admin API token (X-Shopify-Access-Token)
 * @param clientSecret                         the app's client secret, key of the webhooks' HMAC
 * @param timezone                             the shop's time zone (REST timestamps, date-only search terms)
 * @param currency                             the shop's currency
 * @param bucketSize                           GraphQL cost bucket size in points (unconfirmed for the new plans)
 * @param restoreRate                          points restored per second (Standard plan: 100)
 * @param maxQueryCost                         the most one query may request
 * @param maxPageSize                          the largest first/last of a connection
 * @param maxInputSize                         the most items in any input array
 * @param idempotencyRequiredForSetQuantities  whether inventorySetQuantities needs @idempotent too (unconfirmed in
 *                                             Shopify's documentation; clients report it required in 2026-04)
 * @param firstOrderNumber                     the number of the first order (#1001)
 * @param shippingPrice                        the price of home delivery (VAT included)
 * @param webhookUrl                           where webhooks go; empty: none are sent
 * @param webhookTimeout                       the time budget of one delivery attempt (1 s of it to connect)
 * @param webhookRetries                       retries after a failed delivery
 * @param webhookFirstRetryDelay               the wait before the first retry
 * @param webhookBackoffMultiplier             how much each wait grows
 * @param webhookMaxRetryDelay                 the longest wait between retries
 */
@ConfigurationProperties("omnihub.sandbox.shopify")
public record ShopifySandboxProperties(
        @DefaultValue("18081") int port,
        @DefaultValue("omnihub-outdoor.myshopify.com") String shopDomain,
        @DefaultValue("2026-04") String apiVersion,
        @DefaultValue("shpat_sandbox_0123456789abcdef0123456789abcdef") String accessToken,
        @DefaultValue("sandbox-shopify-client-secret") String clientSecret,
        @DefaultValue("Europe/Amsterdam") String timezone,
        @DefaultValue("EUR") String currency,
        @DefaultValue("1000") int bucketSize,
        @DefaultValue("100") double restoreRate,
        @DefaultValue("1000") int maxQueryCost,
        @DefaultValue("250") int maxPageSize,
        @DefaultValue("250") int maxInputSize,
        @DefaultValue("true") boolean idempotencyRequiredForSetQuantities,
        @DefaultValue("1001") int firstOrderNumber,
        @DefaultValue("4.95") BigDecimal shippingPrice,
        @DefaultValue("http://127.0.0.1:8080/webhooks/shopify/omnihub-outdoor") String webhookUrl,
        @DefaultValue("5s") Duration webhookTimeout,
        @DefaultValue("8") int webhookRetries,
        @DefaultValue("1m") Duration webhookFirstRetryDelay,
        @DefaultValue("2") double webhookBackoffMultiplier,
        @DefaultValue("2h") Duration webhookMaxRetryDelay) {

    public ZoneId zone() {
        return ZoneId.of(timezone);
    }
}
