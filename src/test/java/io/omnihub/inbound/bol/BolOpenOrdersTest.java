package io.omnihub.inbound.bol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.omnihub.inbound.bol.BolOpenOrders.ItemSeen;

/** When bol's open list shows a tracked order changed, from the items as the hub last read them. */
class BolOpenOrdersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READ_AT = "2026-11-23T10:00:00+01:00";

    /** Two items: a tent still open and socks already shipped (bol's list leaves handled items out). */
    private static final List<ItemSeen> READ = List.of(new ItemSeen("2100000001", 0, READ_AT, true),
            new ItemSeen("2100000002", 0, READ_AT, false));

    @Test
    void anOrderListedAsReadIsUnchangedEvenWithoutItsHandledItems() throws Exception {
        assertThat(BolOpenOrders.changed(READ, listed(item("2100000001", 0, READ_AT)))).isFalse();
        assertThat(BolOpenOrders.changed(READ, listed(item("2100000001", 0, READ_AT), item("2100000002", 0, READ_AT)))).isFalse();
    }

    @Test
    void unitsCancelledANewChangeTimeAMissingOpenItemOrAnUnknownItemAreChanges() throws Exception {
        assertThat(BolOpenOrders.changed(READ, listed(item("2100000001", 1, READ_AT)))).as("units cancelled").isTrue();
        assertThat(BolOpenOrders.changed(READ, listed(item("2100000001", 0, "2026-11-23T11:30:00+01:00")))).as("changed").isTrue();
        assertThat(BolOpenOrders.changed(READ, listed(item("2100000002", 0, READ_AT)))).as("open item gone").isTrue();
        assertThat(BolOpenOrders.changed(READ, listed(item("2100000001", 0, READ_AT), item("2100000003", 0, READ_AT))))
                .as("an item the hub has not read").isTrue();
        assertThat(BolOpenOrders.changed(READ, null)).as("no longer listed").isTrue();
    }

    @Test
    void anOrderIsFinalOnceNoUnitIsOpen() throws Exception {
        JsonNode shippedAndCancelled = JSON.readTree("""
                {"orderItems": [{"orderItemId": "1", "quantity": 2, "quantityShipped": 1, "quantityCancelled": 1},
                                {"orderItemId": "2", "quantity": 1, "quantityShipped": 0, "quantityCancelled": 1}]}""");
        assertThat(BolOpenOrders.isFinal(BolOpenOrders.items(shippedAndCancelled))).isTrue();
        JsonNode oneLeft = JSON.readTree("""
                {"orderItems": [{"orderItemId": "1", "quantity": 2, "quantityShipped": 1, "quantityCancelled": 0}]}""");
        assertThat(BolOpenOrders.isFinal(BolOpenOrders.items(oneLeft))).isFalse();
    }

    private static String item(String orderItemId, int cancelled, String changedAt) {
        return """
                {"orderItemId": "%s", "quantity": 1, "quantityShipped": 0, "quantityCancelled": %d, "latestChangedDateTime": "%s"}"""
                .formatted(orderItemId, cancelled, changedAt);
    }

    private static JsonNode listed(String... items) throws Exception {
        return JSON.readTree("{\"orderId\": \"1100000001\", \"orderItems\": [" + String.join(",", items) + "]}");
    }
}
