package io.omnihub.inbound.bol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

import io.omnihub.sandbox.bol.BolSandbox;
import io.omnihub.sandbox.bol.BolWire.RetailerOffer;
import io.omnihub.support.HubIntegrationTest;
import io.omnihub.support.SandboxAdmin;

/**
 * What the bol.com order poll ITs share: the poll's route started by the test (it stays stopped
 * otherwise), the bol sandbox's admin API with its faults off, orders placed there, and the hub's
 * records of them (polled_record, reservations, channel availability).
 */
abstract class BolOrderPolling extends HubIntegrationTest {

    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final String ROUTE = "bol-orders-poll";
    protected static final Duration POLLED = Duration.ofSeconds(60);
    /** SKUs other tests build their numbers on (mappings/bol/lookups/skus.csv). */
    private static final Set<String> TAKEN = Set.of("TR2-LW-GRN", "TR2-LW-ORG", "SOCK-MW-42", "BOOK-WADDEN");

    @Autowired
    protected CamelContext camel;

    @Autowired
    protected BolSandbox bol;

    @Autowired
    protected BolOrderPoll poll;

    protected SandboxAdmin admin;

    @BeforeEach
    void sandboxWithoutFaults() {
        admin = new SandboxAdmin(bol.baseUrl());
        admin.faults(0, 0, 0);
    }

    @AfterEach
    void stopPolling() throws Exception {
        camel.getRouteController().stopRoute(ROUTE);
        admin.faults(0, 0, 0);
    }

    protected void poll() throws Exception {
        camel.getRouteController().startRoute(ROUTE);
    }

    /** Waits for {@code n} polls that begin from now to end. */
    protected void awaitPolls(int n) {
        NotifyBuilder polls = new NotifyBuilder(camel).fromRoute(ROUTE).whenCompleted(n).create();
        assertThat(polls.matches(POLLED.toSeconds(), TimeUnit.SECONDS)).as(n + " polls").isTrue();
    }

    protected String placeOrder(String ean, int quantity, Instant placedAt) {
        var body = JSON.createObjectNode();
        body.putArray("items").addObject().put("ean", ean).put("quantity", quantity);
        if (placedAt != null) {
            body.put("orderPlacedDateTime", placedAt.toString());
        }
        try {
            return JSON.readTree(admin.post("/_sandbox/orders", body.toString())).path("orderId").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    protected Map<String, Object> awaitRecorded(String orderId) {
        await().atMost(POLLED).until(() -> recordedTimes(orderId) == 1);
        return jdbc.queryForMap("SELECT * FROM polled_record WHERE listing = ? AND record_id = ?", poll.listing(), orderId);
    }

    protected Instant placedAt(String orderId) {
        return jdbc.queryForObject("SELECT MIN(occurred_at) FROM polled_record WHERE listing = ? AND record_id = ?",
                (rs, n) -> rs.getTimestamp(1).toInstant(), poll.listing(), orderId);
    }

    protected int recordedTimes(String orderId) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(deliveries), 0) FROM polled_record WHERE listing = ? AND record_id = ?",
                Integer.class, poll.listing(), orderId);
    }

    protected int reserved(String canonicalOrderId) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(quantity), 0) FROM stock_reservation WHERE order_id = ? AND status = 'OPEN'",
                Integer.class, canonicalOrderId);
    }

    /** What the channel may sell of the SKU, over its locations. */
    protected int available(String channel, String sku) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(available), -1) FROM channel_availability WHERE channel = ? AND sku = ?",
                Integer.class, channel, sku);
    }

    /**
     * The n-th offer from the end of the catalogue whose SKU bol.com and the web shop can sell a few
     * units of, so each test orders its own SKU and none that other tests count on.
     */
    protected RetailerOffer offerWithStock(int n) {
        List<RetailerOffer> offers = new ArrayList<>(bol.state().offers());
        int found = 0;
        for (int i = offers.size() - 1; i >= 0; i--) {
            RetailerOffer offer = offers.get(i);
            if (offer.reference() != null && !TAKEN.contains(offer.reference()) && offer.stock().correctedStock() >= 4
                    && available("marketplace-bol", offer.reference()) >= 4 && available("webshop-shopify", offer.reference()) >= 4
                    && found++ == n) {
                return offer;
            }
        }
        throw new AssertionError("No offer with stock left in the bol sandbox for test " + n);
    }

}
