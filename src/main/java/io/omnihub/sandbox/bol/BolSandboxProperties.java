package io.omnihub.sandbox.bol;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;

/**
 * Settings of the bol.com Retailer API v10 sandbox. Every limit and timing of
 * ../shared/reference/platform-facts.md section 3 is here with that value as its default; where bol
 * publishes no number the default is an assumption, marked so in docs/connectors/bol.md.
 *
 * @param port               port on 127.0.0.1 (0 picks a free one)
 * @param clientId           client id of the sandbox's only API credential (a test credential, not a secret of anyone)
 * @param clientSecret       client secret of that credential
 * @param tokenLifetime      how long an access token is valid (bol: about 5 minutes)
 * @param tokenRequestLimit  token requests one client may make per {@code tokenRequestWindow} before it is refused
 * @param tokenRequestWindow the window of {@code tokenRequestLimit}
 * @param processingDelay    how long an accepted write stays PENDING before it succeeds or fails
 * @param ordersPageSize     orders per page of GET /retailer/orders
 * @param rateLimits         fixed windows per method and path pattern, first match wins; a call matching none is not limited
 * @param throttleRetryAfter Retry-After of the answers during a switched-on 429 storm
 * @param serverErrorStatus  status of the answers during a switched-on 5xx burst (500 or 503)
 */
@ConfigurationProperties("omnihub.sandbox.bol")
public record BolSandboxProperties(
        @DefaultValue("18082") int port,
        @DefaultValue("omnihub-sandbox-client") String clientId,
        @DefaultValue("omnihub-sandbox-secret") String clientSecret,
        @DefaultValue("299s") Duration tokenLifetime,
        @DefaultValue("10") int tokenRequestLimit,
        @DefaultValue("1m") Duration tokenRequestWindow,
        @DefaultValue("2s") Duration processingDelay,
        @DefaultValue("50") int ordersPageSize,
        @DefaultValue({
                "GET /retailer/orders 7/3m",
                "GET /retailer/orders/* 8/1m",
                "PUT /retailer/offers/*/stock 25/1s",
                "PUT /retailer/offers/*/price 25/1s",
                "GET /shared/process-status/* 20/1s",
                "POST /shared/process-status 20/1s",
                "* /retailer/** 20/1s"}) List<RateLimit> rateLimits,
        @DefaultValue("2s") Duration throttleRetryAfter,
        @DefaultValue("503") int serverErrorStatus) {

    /**
     * At most {@code limit} calls per {@code window} to the paths matching {@code path} (Ant-style:
     * {@code *} is one path segment, {@code **} any number) with {@code method} ({@code *} for any).
     * Written in YAML either as an object or as the short form {@code "GET /retailer/orders 7/3m"}.
     */
    public record RateLimit(String method, String path, int limit, Duration window) {

        public RateLimit {
            if (limit < 1 || window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("A rate limit needs a limit of at least 1 and a positive window");
            }
            method = method.toUpperCase(Locale.ROOT);
        }

        /** Parses the short form {@code "METHOD PATH LIMIT/WINDOW"}; Spring's binder calls this for a plain string. */
        public static RateLimit valueOf(String rule) {
            String[] parts = rule.trim().split("\\s+");
            String[] quota = parts.length == 3 ? parts[2].split("/") : new String[0];
            if (quota.length != 2) {
                throw new IllegalArgumentException("Rate limit '" + rule + "' is not of the form 'GET /retailer/orders 7/3m'");
            }
            return new RateLimit(parts[0], parts[1], Integer.parseInt(quota[0]), DurationStyle.detectAndParse(quota[1]));
        }

        boolean appliesToMethod(String requestMethod) {
            return "*".equals(method) || method.equalsIgnoreCase(requestMethod);
        }
    }
}
