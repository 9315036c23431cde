package io.omnihub.outbound;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import io.omnihub.outbound.spi.RetrySettings;
import io.omnihub.outbound.spi.TargetSettings;

/**
 * Outbound delivery of availability to the channels (docs/outbound.md). Each target account is off
 * while its base URL is blank; application.yaml points them at the local sandboxes, application-prod.yaml
 * at the environment only, so sandbox credentials never apply under prod.
 *
 * @param coalesceWindow how often each target's due changes are collected: changes to one key within
 *                       one window collapse to the latest, and the keys due together are batched
 * @param threads        worker threads shared by all targets (mapping, database, answers); waiting for a
 *                       rate limit or a retry holds none of them
 * @param lease          how long a delivery in progress keeps its keys from other hubs on the same
 *                       database; longer than a delivery can take (retries and throttling included)
 * @param instanceId     this hub's name on leases; unique per replica (e.g. the pod name). At start a hub
 *                       releases the leases its previous run held under the same name
 * @param retry          retries of transient failures and waits on throttling, shared by all targets
 */
@Validated
@ConfigurationProperties("omnihub.outbound")
public record OutboundProperties(
        @DefaultValue("500ms") Duration coalesceWindow,
        @DefaultValue("4") @Min(1) @Max(64) int threads,
        @DefaultValue("10m") Duration lease,
        @DefaultValue("omnihub") @NotBlank String instanceId,
        @DefaultValue @Valid RetrySettings retry,
        @DefaultValue @Valid Shopify shopify,
        @DefaultValue @Valid Bol bol,
        @DefaultValue @Valid Square square) {

    /**
     * Shopify Admin GraphQL: inventorySetQuantities with changeFromQuantity and {@code @idempotent}.
     *
     * @param account       the shop (target account), e.g. omnihub-outdoor
     * @param channel       the canonical channel whose availability goes to this shop
     * @param baseUrl       the shop's Admin API root, e.g. https://omnihub-outdoor.myshopify.com; blank: off
     * @param apiVersion    the pinned Admin API version
     * @param accessToken   the app's Admin API token (X-Shopify-Access-Token), from the environment
     * @param batchSize     quantities per inventorySetQuantities call (Shopify takes at most 250)
     * @param readBatchSize inventory levels read per query when the hub must learn what Shopify holds
     *                      (2 cost points each; Shopify's single-query maximum is 1000)
     * @param staleRounds   how often one batch is re-read and re-sent after CHANGE_FROM_QUANTITY_STALE
     * @param maxInFlight   batches under way at once
     * @param timeout       time allowed for one answer
     */
    public record Shopify(
            @DefaultValue("omnihub-outdoor") @NotBlank String account,
            @DefaultValue("webshop-shopify") @NotBlank String channel,
            @DefaultValue("") String baseUrl,
            @DefaultValue("2026-04") @Pattern(regexp = "\\d{4}-\\d{2}") String apiVersion,
            @DefaultValue("") String accessToken,
            @DefaultValue("250") @Min(1) @Max(250) int batchSize,
            @DefaultValue("100") @Min(1) @Max(499) int readBatchSize,
            @DefaultValue("3") @Min(1) int staleRounds,
            @DefaultValue("2") @Min(1) int maxInFlight,
            @DefaultValue("10s") Duration timeout) implements TargetSettings {

        @Override
        public String system() {
            return "shopify";
        }

        @Override
        public String toString() {
            return "Shopify[" + account + " at " + baseUrl + ", accessToken=****]";
        }
    }

    /**
     * bol.com Retailer API v10: one PUT .../stock per offer, followed to its process status.
     *
     * @param account              the retailer account (target account)
     * @param channel              the canonical channel whose availability goes to this account
     * @param baseUrl              API root, e.g. https://api.bol.com; blank: off
     * @param tokenUrl             the token endpoint, e.g. https://login.bol.com/token
     * @param clientId             API credential id, from the environment
     * @param clientSecret         API credential secret, from the environment
     * @param rateWindow           the window of bol's x-ratelimit-limit (bol sends the limit, not the window)
     * @param rateUse              share of bol's limit the hub paces itself to: {@code rateUse × limit} calls per
     *                             window, spread evenly; bol's x-ratelimit-remaining keeps bunched calls within the window
     * @param stockRate            stock updates per second until bol's own headers say otherwise
     * @param statusRate           process status reads per second until bol's headers say otherwise
     * @param maxInFlight          offers under way at once (sent or awaiting their process status); 0: as many as
     *                             bol's stock rule lets go out while one awaits its confirmation, plus 2 s
     * @param firstStatusPoll      wait after an accepted update before a read of the statuses is made for it
     * @param statusPollEvery      how often the statuses still followed are read, up to 1,000 in one call: the
     *                             longer, the fewer reads per update (at 25 updates/s, 4 s is one read per 100)
     * @param statusTimeout        how long a PENDING status is followed before the update counts as failed and is sent again
     * @param timeout              time allowed for one answer
     */
    public record Bol(
            @DefaultValue("omnihub-outdoor") @NotBlank String account,
            @DefaultValue("marketplace-bol") @NotBlank String channel,
            @DefaultValue("") String baseUrl,
            @DefaultValue("") String tokenUrl,
            @DefaultValue("") String clientId,
            @DefaultValue("") String clientSecret,
            @DefaultValue("1s") Duration rateWindow,
            @DefaultValue("0.98") @DecimalMin("0.1") @DecimalMax("1.0") double rateUse,
            @DefaultValue("25") @Min(1) int stockRate,
            @DefaultValue("20") @Min(1) int statusRate,
            @DefaultValue("0") @Min(0) int maxInFlight,
            @DefaultValue("2s") Duration firstStatusPoll,
            @DefaultValue("4s") Duration statusPollEvery,
            @DefaultValue("2m") Duration statusTimeout,
            @DefaultValue("10s") Duration timeout) implements TargetSettings {

        @Override
        public String system() {
            return "bol";
        }

        @Override
        public String toString() {
            return "Bol[" + account + " at " + baseUrl + ", clientId=" + clientId + ", clientSecret=****]";
        }
    }

    /**
     * Square inventory batch-create (PHYSICAL_COUNT, idempotency_key).
     *
     * @param account       the seller account (target account)
     * @param channel       the canonical channel whose availability goes to the tills
     * @param baseUrl       API root, e.g. https://connect.squareup.com; blank: off
     * @param accessToken   bearer token, from the environment
     * @param squareVersion the pinned Square-Version
     * @param batchSize     changes per batch-create (Square takes at most 100)
     * @param rate          calls per second (Square publishes no number; it answers 429 when over)
     * @param maxInFlight   batches under way at once
     * @param timeout       time allowed for one answer
     */
    public record Square(
            @DefaultValue("outdoor-nl") @NotBlank String account,
            @DefaultValue("store") @NotBlank String channel,
            @DefaultValue("") String baseUrl,
            @DefaultValue("") String accessToken,
            @DefaultValue("2026-08-19") String squareVersion,
            @DefaultValue("100") @Min(1) @Max(100) int batchSize,
            @DefaultValue("10") @Min(1) int rate,
            @DefaultValue("2") @Min(1) int maxInFlight,
            @DefaultValue("10s") Duration timeout) implements TargetSettings {

        @Override
        public String system() {
            return "square";
        }

        @Override
        public String toString() {
            return "Square[" + account + " at " + baseUrl + ", accessToken=****]";
        }
    }
}
