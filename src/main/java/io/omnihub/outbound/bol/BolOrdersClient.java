package io.omnihub.outbound.bol;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import io.omnihub.outbound.OutboundProperties;
import io.omnihub.outbound.spi.CallOutcome;
import io.omnihub.outbound.spi.ClientSupport;
import io.omnihub.outbound.spi.RateGovernor;

/**
 * bol.com's order reads for one retailer account: {@code GET /retailer/orders} (a page of orders,
 * reduced) and {@code GET /retailer/orders/{orderId}} (one order in full). Same token, retries and
 * pacing as the stock client ({@link BolRetailerApi}), each read on its own rate rule, which bol
 * counts over minutes: a 429 pauses the rule for its Retry-After and the read is sent again, so a
 * throttled poll takes longer but never skips an order. Every call is recorded like any other.
 */
public final class BolOrdersClient {

    /** An order read answered for good: HTTP status and body (bol's problem detail when it refused). */
    public record Reply(int status, JsonNode body) {

        public String problem() {
            return new BolRetailerApi.Reply(status, body, 0).problem();
        }
    }

    private final BolRetailerApi api;
    private final RateGovernor listReads;
    private final RateGovernor orderReads;

    /**
     * @param listLimit   list calls per {@code listWindow} until bol's own headers say otherwise
     * @param orderLimit  order detail calls per {@code orderWindow} likewise
     */
    public BolOrdersClient(OutboundProperties.Bol settings, ClientSupport support, int listLimit, Duration listWindow,
            int orderLimit, Duration orderWindow) {
        if (!settings.enabled() || settings.clientId().isBlank() || settings.clientSecret().isBlank()
                || settings.tokenUrl().isBlank()) {
            throw new IllegalStateException("Polling bol.com orders needs the retailer account of omnihub.outbound.bol: "
                    + "set OMNIHUB_BOL_API_URL, OMNIHUB_BOL_TOKEN_URL, OMNIHUB_BOL_CLIENT_ID and OMNIHUB_BOL_CLIENT_SECRET, "
                    + "or switch the poller off (omnihub.bol.orders.enabled=false)");
        }
        this.api = new BolRetailerApi(settings, settings.target(), support);
        this.listReads = api.governor("orders-list", listLimit, listWindow);
        this.orderReads = api.governor("order-detail", orderLimit, orderWindow);
    }

    /** One page (from 1) of the orders in {@code status} (OPEN, SHIPPED, ALL) fulfilled by {@code fulfilmentMethod}. */
    public CompletableFuture<Reply> orders(int page, String fulfilmentMethod, String status) {
        String path = "/retailer/orders?page=" + page + "&fulfilment-method=" + fulfilmentMethod + "&status=" + status;
        return read(listReads, "orders-list", path, "page " + page);
    }

    /** One order in full; 404 when bol does not know it. */
    public CompletableFuture<Reply> order(String orderId) {
        return read(orderReads, "order-detail", "/retailer/orders/" + orderId, orderId);
    }

    private CompletableFuture<Reply> read(RateGovernor governor, String operation, String path, String key) {
        return api.send(governor, operation, "GET", path, null, key, List.of(),
                        (status, body) -> status == 200 ? CallOutcome.READ : CallOutcome.REJECTED)
                .thenApply(reply -> new Reply(reply.status(), reply.body()));
    }
}
