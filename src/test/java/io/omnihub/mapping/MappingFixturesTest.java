package io.omnihub.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.omnihub.canonical.CanonicalSchemas;

/**
 * The golden fixtures: every {@code mappings/<system>/fixtures/<mapping>--<case>.input.json} is run
 * through {@code mappings/<system>/<mapping>.jslt} and must give {@code <mapping>--<case>.expected.json}.
 * Ids come from {@code fixtures/ids.csv} (system, entity, external_id, canonical_id) instead of the
 * registry. Adding a fixture needs no Java; a failure names the fixture and each differing JSON path.
 */
class MappingFixturesTest {

    private static final Path ROOT = Path.of("mappings");
    // bol sends prices as JSON numbers: read them as decimals, never as doubles
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    static final List<String> CANONICAL_ENTITIES = List.of("product", "price", "location", "inventory-level",
            "inventory-adjustment", "customer", "order", "fulfilment", "return", "loyalty-entry", "availability");

    @TestFactory
    Stream<DynamicTest> everyFixtureGivesItsExpectedOutput() throws IOException {
        Mappings mappings = new Mappings(ROOT, fixtureIds(), new CanonicalSchemas(CANONICAL_ENTITIES));
        List<Path> inputs;
        try (Stream<Path> files = Files.walk(ROOT)) {
            inputs = files.filter(f -> f.getFileName().toString().endsWith(".input.json")).sorted().toList();
        }
        assertThat(inputs).as("fixtures under mappings/").isNotEmpty();
        try (Stream<Path> files = Files.walk(ROOT)) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".expected.json")))
                    .as("every expected output has its input")
                    .allMatch(f -> Files.exists(f.resolveSibling(
                            f.getFileName().toString().replaceFirst("\\.expected\\.json$", ".input.json"))));
        }
        return inputs.stream().map(input -> DynamicTest.dynamicTest(ROOT.relativize(input).toString(), () -> {
            String name = input.getFileName().toString().replaceFirst("\\.input\\.json$", "");
            assertThat(name).as(input + " must be named <mapping>--<case>.input.json").contains("--");
            String system = input.getParent().getParent().getFileName().toString();
            String mapping = system + "/" + name.substring(0, name.indexOf("--"));
            Path expectedFile = input.resolveSibling(name + ".expected.json");
            assertThat(expectedFile).as("expected output beside " + input).exists();

            JsonNode actual = mappings.map(mapping, JSON.readTree(input.toFile()));
            List<String> differences = JsonDiff.differences(JSON.readTree(expectedFile.toFile()), actual);

            assertThat(differences).as(expectedFile + " (mapping " + mappings.fileOf(mapping) + ")").isEmpty();
            if (mappings.canonicalEntity(mapping) != null) {
                // and what an inbound mapping produces is valid canonical data
                mappings.toCanonical(mapping, JSON.readTree(input.toFile()), input.getFileName().toString());
            }
        }));
    }

    /** Every system's fixtures/ids.csv, as the ID registry for fixture runs; an unlisted id fails the fixture. */
    static IdLookup fixtureIds() throws IOException {
        Map<String, String> toCanonical = new HashMap<>();
        Map<String, String> toExternal = new HashMap<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path csv : files.filter(f -> f.endsWith(Path.of("fixtures", "ids.csv"))).toList()) {
                try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerFor(Map.class)
                        .with(CsvSchema.emptySchema().withHeader()).readValues(csv.toFile())) {
                    for (Map<String, String> row : rows.readAll()) {
                        String key = row.get("system") + "|" + row.get("entity") + "|";
                        toCanonical.put(key + row.get("external_id"), row.get("canonical_id"));
                        toExternal.put(key + row.get("canonical_id"), row.get("external_id"));
                    }
                }
            }
        }
        return new IdLookup() {
            @Override
            public String canonicalId(String system, String entity, String externalId) {
                String id = toCanonical.get(system + "|" + entity + "|" + externalId);
                if (id == null) {
                    throw new IllegalArgumentException("No row for " + system + "," + entity + "," + externalId
                            + " in mappings/" + system + "/fixtures/ids.csv");
                }
                return id;
            }

            @Override
            public Optional<String> knownCanonicalId(String system, String entity, String externalId) {
                return Optional.ofNullable(toCanonical.get(system + "|" + entity + "|" + externalId));
            }

            @Override
            public Optional<String> externalId(String system, String entity, String canonicalId) {
                return Optional.ofNullable(toExternal.get(system + "|" + entity + "|" + canonicalId));
            }
        };
    }
}
