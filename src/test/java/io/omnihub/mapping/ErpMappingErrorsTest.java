package io.omnihub.mapping;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.omnihub.canonical.CanonicalSchemas;

/**
 * The ERP staging-row mappings refuse a row the hub cannot take with the column and its value, the
 * reason the poller writes on the row it marks ERROR (fixtures show the rows they take).
 */
class ErpMappingErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Mappings mappings;

    @BeforeAll
    static void load() throws IOException {
        mappings = new Mappings(Path.of("mappings"), MappingFixturesTest.fixtureIds(),
                new CanonicalSchemas(MappingFixturesTest.CANONICAL_ENTITIES));
    }

    @Test
    void aStockRowOfAnUnknownWarehouseOrWithPartUnitsIsRefusedNamingTheColumn() {
        assertRefused("erp/stock-row.in", """
                {"id": 1, "item_no": "TR2-LW-GRN", "warehouse_code": "XX-99", "qty_on_hand": 3,
                 "booked_at": "2026-11-23 10:00:00", "row_version": 1}""",
                "Column warehouse_code: unknown ERP warehouse 'XX-99' (not in mappings/erp/lookups/warehouses.csv)");
        assertRefused("erp/stock-row.in", """
                {"id": 2, "item_no": "TR2-LW-GRN", "warehouse_code": "VST-020", "qty_on_hand": 2.5,
                 "booked_at": "2026-11-23 10:00:00", "row_version": 1}""",
                "Column qty_on_hand: 2.5 is not a whole number of units");
    }

    @Test
    void anItemWithAnEanThatIsNoGtinIsRefused() {
        assertRefused("erp/item-row.in", """
                {"id": 3, "item_no": "TR2-LW-GRN", "ean": "87123450010", "description": "Trailrunner",
                 "product_code": "TR2-LW", "created_at": "2026-11-23T09:00:00Z"}""",
                "Column ean: '87123450010' is not a GTIN");
        assertRefused("erp/item-row.in", """
                {"id": 4, "item_no": "TR2-LW-GRN", "ean": "8712345 01018", "description": "Trailrunner",
                 "product_code": "TR2-LW", "created_at": "2026-11-23T09:00:00Z"}""",
                "Column ean: '8712345 01018' is not a GTIN");
    }

    @Test
    void aNegativePriceOrOneThatEndsBeforeItStartsIsRefused() {
        assertRefused("erp/price-row.in", """
                {"id": 5, "item_no": "TR2-LW-GRN", "amount": -0.01, "currency": "EUR", "valid_from": "2026-11-23",
                 "created_at": "2026-11-23T09:00:00Z"}""",
                "Column amount: -0.01 is below 0");
        assertRefused("erp/price-row.in", """
                {"id": 6, "item_no": "TR2-LW-GRN", "amount": 10, "currency": "EUR", "valid_from": "2026-11-23",
                 "valid_to": "2026-11-22", "created_at": "2026-11-23T09:00:00Z"}""",
                "Column valid_to: 2026-11-22 is before valid_from 2026-11-23");
    }

    private static void assertRefused(String mapping, String row, String reason) {
        assertThatThrownBy(() -> mappings.toCanonical(mapping, JSON.readTree(row), "row"))
                .isInstanceOf(MappingException.class)
                .hasMessageStartingWith(mappings.fileOf(mapping) + ": ")
                .hasMessageContaining(reason);
    }
}
