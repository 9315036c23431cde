package io.omnihub.inbound.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The three formats read into the same rows, with the line each row starts on and clear problems. */
class FileFormatTest {

    private static final PartnerFileProperties.Partner PARTNER =
            new PartnerFileProperties.Partner("dropship/stock-row.in", List.of(FileFormat.values()), false, ',');

    @Test
    void csvRowsStartWhereTheyStartEvenAcrossQuotedLineBreaksAndBlankLines() {
        List<PartnerRow> rows = read(FileFormat.CSV, "\uFEFFsku, quantity\r\nA,1\r\n\"B\nsecond line\",2\r\n\r\n  C  ,\r\n");

        assertThat(rows).extracting(PartnerRow::line).containsExactly(2L, 3L, 6L);
        assertThat(rows.get(0).fields().toString()).isEqualTo("{\"sku\":\"A\",\"quantity\":\"1\"}");
        assertThat(rows.get(1).fields().path("sku").asText()).isEqualTo("B\nsecond line");
        // trimmed, and an empty value is no value
        assertThat(rows.get(2).fields().toString()).isEqualTo("{\"sku\":\"C\"}");
    }

    @Test
    void csvRowOfTheWrongWidthIsMalformedOnItsOwn() {
        List<PartnerRow> rows = read(FileFormat.CSV, "sku,warehouse,quantity\nA\nB,W,1,extra\nC,W,3\n");

        assertThat(rows.get(0).isMalformed()).isTrue();
        assertThat(rows.get(0).column()).isEqualTo("warehouse");
        assertThat(rows.get(0).problem()).isEqualTo(
                "1 value where the header has 3 columns (sku, warehouse, quantity): no value for warehouse, quantity");
        assertThat(rows.get(1).column()).isNull();
        assertThat(rows.get(1).problem()).isEqualTo("4 values where the header has 3 columns (sku, warehouse, quantity)");
        assertThat(rows.get(2).isMalformed()).isFalse();
    }

    @Test
    void csvThatIsNoCsvBreaksTheFile() {
        assertThatThrownBy(() -> read(FileFormat.CSV, "sku,sku\nA,B\n"))
                .hasMessage("line 1: the header row names column 'sku' twice");
        assertThatThrownBy(() -> read(FileFormat.CSV, "sku,,quantity\n")).hasMessage("line 1: column 2 of the header row has no name");
        assertThatThrownBy(() -> read(FileFormat.CSV, "sku,quantity\nA,1\n\"B,2\nC,3\n"))
                .hasMessageStartingWith("line 3: Missing closing quote");
        assertThatThrownBy(() -> read(FileFormat.CSV, " \n\n")).hasMessage("no header row");
        assertThatThrownBy(() -> FileFormat.CSV.rows(new byte[] {'s', (byte) 0xC3, '\n'}, PARTNER)).hasMessage("not UTF-8 text");
        assertThatThrownBy(() -> read(FileFormat.CSV, "sku\0\n")).hasMessage("NUL bytes: not a text file");
    }

    @Test
    void jsonRowsAreObjectsWhoseScalarsBecomeText() {
        List<PartnerRow> rows = read(FileFormat.JSON, """
                [
                  {"sku": "A", "quantity": 12.50, "active": true, "note": null},
                  42,
                  {"sku": "B", "quantity": {"value": 1}}
                ]""");

        assertThat(rows).extracting(PartnerRow::line).containsExactly(2L, 3L, 4L);
        assertThat(rows.get(0).fields().toString()).isEqualTo("{\"sku\":\"A\",\"quantity\":\"12.50\",\"active\":\"true\"}");
        assertThat(rows.get(1).problem()).isEqualTo("expected a row object, found a number");
        assertThat(rows.get(2).column()).isEqualTo("quantity");
        assertThat(rows.get(2).problem()).isEqualTo("holds an object; expected text or a number");
    }

    @Test
    void jsonThatIsNoArrayOfRowsBreaksTheFile() {
        assertThatThrownBy(() -> read(FileFormat.JSON, "{\"sku\": \"A\"}")).hasMessage("line 1, column 1: expected a JSON array of row objects, found an object");
        assertThatThrownBy(() -> read(FileFormat.JSON, "[{\"sku\": \"A\"}] []")).hasMessage("line 1, column 16: content after the array's closing ]");
        assertThatThrownBy(() -> read(FileFormat.JSON, "[{\"sku\": \"A\",}]")).hasMessageStartingWith("line 1, column 14: Unexpected character ('}'");
    }

    @Test
    void xmlRowsTakeAttributesAndTextOnlyChildElements() {
        List<PartnerRow> rows = read(FileFormat.XML, """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- the partner's stock -->
                <stock>
                  <row sku="A" quantity=" 3 "/>
                  <row sku="B">
                    <quantity><![CDATA[4]]></quantity>
                    <warehouse></warehouse>
                  </row>
                  <row sku="C"><quantity><value>5</value></quantity></row>
                </stock>""");

        assertThat(rows).extracting(PartnerRow::line).containsExactly(4L, 5L, 9L);
        assertThat(rows.get(0).fields().toString()).isEqualTo("{\"sku\":\"A\",\"quantity\":\"3\"}");
        assertThat(rows.get(1).fields().toString()).isEqualTo("{\"sku\":\"B\",\"quantity\":\"4\"}");
        assertThat(rows.get(2).column()).isEqualTo("quantity");
        assertThat(rows.get(2).problem()).isEqualTo("holds elements; expected text");
    }

    @Test
    void xmlThatIsNotWellFormedOrDeclaresEntitiesBreaksTheFile() {
        assertThatThrownBy(() -> read(FileFormat.XML, "<stock>\n  <row sku=\"A\">\n</stock>"))
                .hasMessageStartingWith("line 3, column ");
        assertThatThrownBy(() -> read(FileFormat.XML, "not xml")).hasMessageStartingWith("line 1, column 1: ");
        assertThatThrownBy(() -> read(FileFormat.XML, """
                <?xml version="1.0"?>
                <!DOCTYPE stock [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
                <stock><row sku="&secret;"/></stock>""")).isInstanceOf(UnreadableFileException.class);
    }

    @Test
    void theExtensionNamesTheFormat() {
        assertThat(FileFormat.of("stock.CSV")).contains(FileFormat.CSV);
        assertThat(FileFormat.of("stock.2026-11-23.xml")).contains(FileFormat.XML);
        assertThat(FileFormat.of("stock.csv.pdf")).isEmpty();
        assertThat(FileFormat.of("stock")).isEmpty();
    }

    private static List<PartnerRow> read(FileFormat format, String content) {
        List<PartnerRow> rows = new ArrayList<>();
        format.rows(content.getBytes(StandardCharsets.UTF_8), PARTNER).forEachRemaining(rows::add);
        return rows;
    }
}
