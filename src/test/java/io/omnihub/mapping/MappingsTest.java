package io.omnihub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.omnihub.canonical.CanonicalSchemas;

/** The mapping engine's own behaviour: functions, and clear errors for bad files and bad records. */
class MappingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final IdLookup IDS = new IdLookup() {
        @Override
        public String canonicalId(String system, String entity, String externalId) {
            return "C-" + externalId;
        }

        @Override
        public Optional<String> knownCanonicalId(String system, String entity, String externalId) {
            return externalId.startsWith("known-") ? Optional.of("C-" + externalId) : Optional.empty();
        }

        @Override
        public Optional<String> externalId(String system, String entity, String canonicalId) {
            return canonicalId.equals("C-1") ? Optional.of("1") : Optional.empty();
        }
    };

    private static final CanonicalSchemas SCHEMAS = new CanonicalSchemas(List.of("inventory-level"));

    @TempDir
    Path root;

    @Test
    void decimalFunctionsAreExact() throws IOException {
        JsonNode out = map("""
                {"sum": decimal-add(.a, .b, "0.10"), "diff": decimal-sub(.a, .b), "times": decimal-mul(.a, 3),
                 "rounded": decimal-scale("2.345", 2), "total": decimal-add([.a, .b, .a]),
                 "net": decimal-div("121.00", "1.21", 2)}""", "{\"a\": \"0.10\", \"b\": 0.20}");

        assertThat(out.toString()).isEqualTo("{\"sum\":\"0.40\",\"diff\":\"-0.10\",\"times\":\"0.30\","
                + "\"rounded\":\"2.34\",\"total\":\"0.40\",\"net\":\"100.00\"}");
    }

    @Test
    void timestampsAreNormalisedToUtc() throws IOException {
        JsonNode out = map("{\"a\": utc(.a), \"b\": utc(.b), \"c\": utc(.c, \"Europe/Amsterdam\")}",
                "{\"a\": \"2026-11-23T21:04:59+01:00\", \"b\": 1795446078000, \"c\": \"2026-07-01 10:00:00\"}");

        assertThat(out.get("a").asText()).isEqualTo("2026-11-23T20:04:59Z");
        assertThat(out.get("b").asText()).isEqualTo("2026-11-23T15:01:18Z");
        assertThat(out.get("c").asText()).as("summer time").isEqualTo("2026-07-01T08:00:00Z");
    }

    @Test
    void timestampsAreWrittenAsLocalTimeForSystemsWithoutOffsets() throws IOException {
        JsonNode out = map("{\"winter\": local-time(.a, \"Europe/Amsterdam\"), \"summer\": local-time(.b, \"Europe/Amsterdam\"),"
                + " \"none\": local-time(.c, \"Europe/Amsterdam\")}",
                "{\"a\": \"2026-11-23T09:00:00.750Z\", \"b\": \"2026-07-01T23:30:00+02:00\"}");

        assertThat(out.toString()).isEqualTo("{\"winter\":\"2026-11-23 10:00:00\",\"summer\":\"2026-07-01 23:30:00\"}");
        assertThatThrownBy(() -> map("local-time(.a, \"Europe/Amsterdam\")", "{\"a\": \"2026-11-23 10:00:00\"}"))
                .hasMessageContaining("local-time(): '2026-11-23 10:00:00' is not an ISO-8601 timestamp with an offset");
    }

    @Test
    void idsAndLookupTablesAreAvailable() throws IOException {
        Files.createDirectories(root.resolve("acme/lookups"));
        Files.writeString(root.resolve("acme/lookups/status.csv"), "key,value\nA,active\nX,archived\n");
        JsonNode out = map("""
                {"id": xref("acme", "order", .id), "back": xref-out("acme", "order", "C-1"),
                 "none": xref-out("acme", "order", "C-2"), "status": lookup("status", .s),
                 "sku": xref-known("acme", "sku", "known-9")}""", "{\"id\": \"7\", \"s\": \"X\"}");

        assertThat(out.toString())
                .isEqualTo("{\"id\":\"C-7\",\"back\":\"1\",\"status\":\"archived\",\"sku\":\"C-known-9\"}");
    }

    @Test
    void referenceDataIsNeverInventedByAMapping() throws IOException {
        Path file = write("stock.out.jslt", "{\"sku\": xref-known(\"acme\", \"sku\", .variation)}");
        Mappings mappings = new Mappings(root, IDS, SCHEMAS);

        assertThatThrownBy(() -> mappings.map("acme/stock.out", JSON.readTree("{\"variation\": \"V-1\"}")))
                .isInstanceOf(MappingException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining("No canonical id for acme sku V-1");
    }

    @Test
    void aMappingFileThatDoesNotParseIsNamedWithItsPosition() throws IOException {
        Path file = write("broken.in.jslt", "{\n  \"a\": .a,\n  \"b\": ]\n}");

        assertThatThrownBy(() -> new Mappings(root, IDS, SCHEMAS))
                .isInstanceOf(MappingFileException.class)
                .hasMessageStartingWith(file + " (line 3, column");
    }

    @Test
    void aLookupTableWithADuplicateKeyIsNamedWithItsLine() throws IOException {
        Files.createDirectories(root.resolve("acme/lookups"));
        Path csv = root.resolve("acme/lookups/status.csv");
        Files.writeString(csv, "key,value\nA,active\nA,archived\n");

        assertThatThrownBy(() -> new Mappings(root, IDS, SCHEMAS))
                .isInstanceOf(MappingFileException.class)
                .hasMessage(csv + " (line 3): key 'A' is listed twice");
    }

    @Test
    void aRecordTheMappingCannotTranslateNamesTheMappingFile() throws IOException {
        Path file = write("price.out.jslt", "{\"amount\": decimal-add(.amount, 1)}");
        Mappings mappings = new Mappings(root, IDS, SCHEMAS);

        assertThatThrownBy(() -> mappings.map("acme/price.out", JSON.readTree("{\"amount\": \"12,50\"}")))
                .isInstanceOf(MappingException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining("'12,50' is not a decimal number");
    }

    @Test
    void anInboundMappingMustNameItsCanonicalEntity() throws IOException {
        Path file = write("stock.in.jslt", "{\"id\": .id}");

        assertThatThrownBy(() -> new Mappings(root, IDS, SCHEMAS))
                .isInstanceOf(MappingFileException.class)
                .hasMessage(file + " (line 1): an inbound mapping needs a line '// canonical: <entity>' naming what it produces");
    }

    @Test
    void anInvalidCanonicalRecordNamesTheMappingFileTheSourceIdAndThePath() throws IOException {
        Path file = write("stock.in.jslt", """
                // canonical: inventory-level
                {"id": .id, "sku": .sku, "locationId": "UTR-01", "onHand": .qty, "updatedAt": "2026-11-23T10:00:00Z"}""");
        Mappings mappings = new Mappings(root, IDS, SCHEMAS);

        assertThat(mappings.toCanonical("acme/stock.in",
                JSON.readTree("{\"id\": \"a\", \"sku\": \"TENT-1\", \"qty\": 4}"), "evt-1")).hasSize(1);
        assertThatThrownBy(() -> mappings.toCanonical("acme/stock.in",
                JSON.readTree("{\"id\": \"a\", \"sku\": \"TENT 1\", \"qty\": \"4\"}"), "evt-2"))
                .isInstanceOf(MappingException.class)
                .hasMessageStartingWith(file + ": source record evt-2 maps to an invalid inventory-level: ")
                .hasMessageContaining("/sku: ")
                .hasMessageContaining("/onHand: ");
    }

    private JsonNode map(String mapping, String input) throws IOException {
        write("test.out.jslt", mapping);
        return new Mappings(root, IDS, SCHEMAS).map("acme/test.out", JSON.readTree(input));
    }

    private Path write(String name, String text) throws IOException {
        Path file = root.resolve("acme").resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
