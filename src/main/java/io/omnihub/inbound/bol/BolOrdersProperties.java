package io.omnihub.inbound.bol;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Polling bol.com's orders of the retailer account of {@code omnihub.outbound.bol} (its API root and
 * credentials) into canonical orders (routes/bol-orders-poll.camel.yaml, docs/connectors/bol.md).
 *
 * @param enabled          whether the poller exists at all; it needs the account's base URL and credentials
 * @param autoStart        whether it polls from start-up; false leaves the route stopped until an operator
 *                         (Hawtio) or a test starts it
 * @param pollPeriod       pause between polls; bol's rate rule on the list call sets the real pace
 * @param fulfilmentMethod orders fulfilled by the retailer (FBR: they take the hub's stock), by bol (FBB), or ALL
 * @param pageSize         orders per page of bol's list; a shorter page is the last, so no empty page is read
 * @param listLimit        list calls per {@code listWindow} until bol's x-ratelimit-limit says otherwise (bol: 7 per 3 min)
 * @param listWindow       the window of {@code listLimit}; bol sends the limit, not the window
 * @param orderLimit       order detail calls per {@code orderWindow} likewise (bol: 8 per minute)
 * @param orderWindow      the window of {@code orderLimit}
 * @param rereadLimit      taken orders read again per poll at most (those bol's list shows changed or no longer
 *                         lists: cancelled, shipped); the rest wait for the next poll. They share the order
 *                         detail rule ({@code orderLimit}) with the new orders' reads
 */
@Validated
@ConfigurationProperties("omnihub.bol.orders")
public record BolOrdersProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("true") boolean autoStart,
        @DefaultValue("10s") Duration pollPeriod,
        @DefaultValue("FBR") @Pattern(regexp = "FBR|FBB|ALL") String fulfilmentMethod,
        @DefaultValue("50") @Min(1) int pageSize,
        @DefaultValue("7") @Min(1) int listLimit,
        @DefaultValue("3m") Duration listWindow,
        @DefaultValue("8") @Min(1) int orderLimit,
        @DefaultValue("1m") Duration orderWindow,
        @DefaultValue("4") @Min(1) int rereadLimit) {
}
