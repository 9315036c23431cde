package io.omnihub.outbound.spi;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long one request is pursued. Transient failures (5xx, timeouts, refused connections) are
 * retried with exponential backoff and jitter up to {@code maxAttempts}; throttling answers (429,
 * THROTTLED) pause the whole target account on its governor and do not count as attempts, up to
 * {@code maxThrottledTime} per request.
 *
 * @param maxAttempts       attempts of one request before its changes go to the dead-letter inbox
 * @param firstDelay        backoff before the second attempt; doubles per attempt
 * @param maxDelay          longest backoff
 * @param firstThrottlePause pause after a throttling answer that says nothing of when to come back; doubles per repeat
 * @param maxThrottlePause  longest such pause (a Retry-After or Shopify's restore time is followed as given)
 * @param maxThrottledTime  time one request may spend throttled before it counts as failed
 */
public record RetrySettings(
        @DefaultValue("6") @Min(1) int maxAttempts,
        @DefaultValue("500ms") Duration firstDelay,
        @DefaultValue("30s") Duration maxDelay,
        @DefaultValue("100ms") Duration firstThrottlePause,
        @DefaultValue("5s") Duration maxThrottlePause,
        @DefaultValue("5m") Duration maxThrottledTime) {
}
