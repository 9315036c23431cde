package io.omnihub.inbound.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** A staging row as JDBC answers it (H2 and PostgreSQL types) becomes the JSON the mappings read. */
class ErpRowsTest {

    @Test
    void columnsBecomeLowerCaseKeysWithExactDecimalsDatesAndInstants() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("ID", 17L);
        row.put("row_version", 3);
        row.put("qty_on_hand", new BigDecimal("2.500"));
        row.put("item_no", "TR2-LW-GRN");
        row.put("valid_from", Date.valueOf(LocalDate.of(2026, 11, 23)));
        row.put("valid_to", null);
        // PostgreSQL answers TIMESTAMP WITH TIME ZONE as a Timestamp, H2 as an OffsetDateTime
        row.put("created_at", Timestamp.from(Instant.parse("2026-11-23T09:00:00.123Z")));
        row.put("updated_at", OffsetDateTime.of(2026, 11, 23, 10, 0, 0, 0, ZoneOffset.ofHours(1)));
        row.put("booked_at", LocalDateTime.of(2026, 11, 23, 10, 0, 5));

        ObjectNode json = ErpRows.toJson(row);

        assertThat(json.toString()).isEqualTo("{\"id\":17,\"row_version\":3,\"qty_on_hand\":2.500,\"item_no\":\"TR2-LW-GRN\","
                + "\"valid_from\":\"2026-11-23\",\"valid_to\":null,\"created_at\":\"2026-11-23T09:00:00.123Z\","
                + "\"updated_at\":\"2026-11-23T09:00:00Z\",\"booked_at\":\"2026-11-23 10:00:05\"}");
        assertThat(json.get("qty_on_hand").decimalValue()).isEqualTo(new BigDecimal("2.500"));
    }

    @Test
    void aColumnOfAnotherTypeIsNamed() {
        assertThatThrownBy(() -> ErpRows.toJson(Map.of("picture", new byte[] {1, 2})))
                .hasMessage("Column picture has a type the poller does not hand over (byte[]); select it as text");
    }
}
