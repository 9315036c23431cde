package io.omnihub.inbound.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What the poller derives from a staging row's key: the same each time, different per version. */
class ErpRowKeyTest {

    private static final Map<String, Object> ROW = Map.of("id", 5512L, "source_system", "erp",
            "external_id", "TR2-LW-GRN/VST-020", "row_version", 3);

    @Test
    void theSameVersionAlwaysGetsTheSameCorrelationAndEventId() {
        ErpRowKey key = ErpRowKey.of("stock_booking_out", ROW);
        ErpRowKey again = ErpRowKey.of("stock_booking_out", new HashMap<>(ROW));

        assertThat(key).isEqualTo(new ErpRowKey("stock_booking_out", "erp", "TR2-LW-GRN/VST-020", 3));
        assertThat(again.eventId()).isEqualTo(key.eventId());
        assertThat(again.correlationId()).isEqualTo(key.correlationId());
        assertThat(key.eventId()).isNotEqualTo(key.correlationId()).hasSize(36);
        assertThat(ErpRowKey.rowId(ROW)).isEqualTo(5512L);
        assertThat(key.source()).isEqualTo("/omnihub/erp/stock_booking_out");
        assertThat(key).hasToString("stock_booking_out erp/TR2-LW-GRN/VST-020 version 3");
    }

    @Test
    void anotherVersionTableOrSystemIsAnotherEvent() {
        ErpRowKey key = ErpRowKey.of("stock_booking_out", ROW);

        assertThat(new ErpRowKey("stock_booking_out", "erp", "TR2-LW-GRN/VST-020", 4).eventId()).isNotEqualTo(key.eventId());
        assertThat(new ErpRowKey("price_out", "erp", "TR2-LW-GRN/VST-020", 3).eventId()).isNotEqualTo(key.eventId());
        assertThat(new ErpRowKey("stock_booking_out", "wms", "TR2-LW-GRN/VST-020", 3).eventId()).isNotEqualTo(key.eventId());
    }

    @Test
    void aMissingBookkeepingColumnIsNamed() {
        Map<String, Object> row = new HashMap<>(ROW);
        row.remove("external_id");
        assertThatThrownBy(() -> ErpRowKey.of("item_out", row)).hasMessageStartingWith("Column external_id is missing");

        row.put("external_id", "X");
        row.put("row_version", "three");
        assertThatThrownBy(() -> ErpRowKey.of("item_out", row)).hasMessage("Column row_version must be a number, got 'three'");
    }
}
