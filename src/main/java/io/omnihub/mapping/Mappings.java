package io.omnihub.mapping;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.Function;
import com.schibsted.spt.data.jslt.JsltException;
import com.schibsted.spt.data.jslt.Parser;

import io.omnihub.canonical.CanonicalSchemas;
import io.omnihub.canonical.SchemaViolation;

/**
 * Every mapping file under the mappings folder, compiled once: {@code <system>/<name>.jslt}, e.g.
 * {@code square/inventory-count.in.jslt}, addressed as {@code square/inventory-count.in}. Each
 * system's lookup tables ({@code <system>/lookups/<table>.csv}, columns {@code key,value}) serve its
 * mappings. An inbound mapping ({@code .in}) names the canonical entity it produces in a line
 * {@code // canonical: <entity>}, and its output is validated against that schema. A file that does
 * not parse stops the hub, naming the file, line and column.
 */
public class Mappings {

    private static final CsvMapper CSV = new CsvMapper();

    private static final Pattern CANONICAL_HEADER = Pattern.compile("(?m)^//\\s*canonical:\\s*([a-z][a-z0-9-]*)\\s*$");

    private final Map<String, Mapping> byName;
    private final CanonicalSchemas schemas;

    public Mappings(Path root, IdLookup ids, CanonicalSchemas schemas) {
        this.schemas = schemas;
        if (!Files.isDirectory(root)) {
            throw new MappingFileException(root.toAbsolutePath(), 0, 0,
                    "is not a folder; the hub looks for mappings/ in its working directory (omnihub.mappings.dir)", null);
        }
        Map<String, Mapping> loaded = new TreeMap<>();
        for (Path system : directories(root)) {
            var functions = MappingFunctions.forSystem(ids, lookupTables(system.resolve("lookups")));
            for (Path file : files(system, ".jslt")) {
                String name = system.getFileName() + "/" + file.getFileName().toString().replaceFirst("\\.jslt$", "");
                loaded.put(name, new Mapping(file, compile(file, functions), canonicalEntity(file, name)));
            }
        }
        this.byName = Map.copyOf(loaded);
    }

    /** Maps one record; a failure names the mapping file. */
    public JsonNode map(String mapping, JsonNode input) {
        Mapping m = mapping(mapping);
        try {
            return m.expression().apply(input);
        } catch (JsltException | UncheckedIOException | IllegalArgumentException e) {
            throw new MappingException(m.file(), e.getMessage(), e);
        }
    }

    /**
     * Maps a source record into canonical records and validates each against its schema; a record
     * that breaks it fails naming the mapping file, the source id and every JSON path.
     */
    public List<JsonNode> toCanonical(String mapping, JsonNode input, String sourceId) {
        Mapping m = mapping(mapping);
        if (m.canonicalEntity() == null) {
            throw new IllegalArgumentException(m.file() + " is not an inbound (.in) mapping");
        }
        JsonNode output = map(mapping, input);
        List<JsonNode> records = new ArrayList<>();
        (output.isArray() ? output : List.of(output)).forEach(records::add);
        for (int i = 0; i < records.size(); i++) {
            List<SchemaViolation> violations = schemas.validate(m.canonicalEntity(), records.get(i));
            if (!violations.isEmpty()) {
                String where = output.isArray() ? " (record " + i + ")" : "";
                throw new MappingException(m.file(), "source record " + sourceId + where + " maps to an invalid "
                        + m.canonicalEntity() + ": " + violations, null);
            }
        }
        return records;
    }

    /** The canonical entity an inbound mapping produces (its {@code // canonical: <entity>} header). */
    public String canonicalEntity(String mapping) {
        return mapping(mapping).canonicalEntity();
    }

    public Path fileOf(String mapping) {
        return mapping(mapping).file();
    }

    private Mapping mapping(String mapping) {
        Mapping m = byName.get(mapping);
        if (m == null) {
            throw new IllegalArgumentException("No mapping '" + mapping + "'; known: " + byName.keySet());
        }
        return m;
    }

    /** Inbound mappings say which canonical entity they produce; the schema must exist. */
    private String canonicalEntity(Path file, String name) {
        if (!name.endsWith(".in")) {
            return null;
        }
        try {
            var header = CANONICAL_HEADER.matcher(Files.readString(file));
            if (!header.find()) {
                throw new MappingFileException(file, 1, 0,
                        "an inbound mapping needs a line '// canonical: <entity>' naming what it produces", null);
            }
            String entity = header.group(1);
            if (!schemas.knows(entity)) {
                throw new MappingFileException(file, 0, 0, "names canonical entity '" + entity
                        + "', which has no schema", null);
            }
            return entity;
        } catch (IOException e) {
            throw new MappingFileException(file, 0, 0, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static Expression compile(Path file, List<Function> functions) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Parser(reader).withSource(file.toString()).withFunctions(functions).compile();
        } catch (JsltException e) {
            throw new MappingFileException(file, e.getLine(), e.getColumn(), e.getMessageWithoutLocation(), e);
        } catch (IOException e) {
            throw new MappingFileException(file, 0, 0, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static Map<String, Map<String, String>> lookupTables(Path folder) {
        Map<String, Map<String, String>> tables = new HashMap<>();
        for (Path csv : files(folder, ".csv")) {
            Map<String, String> table = new HashMap<>();
            CsvSchema header = CsvSchema.emptySchema().withHeader();
            try (MappingIterator<Map<String, String>> rows = CSV.readerFor(Map.class).with(header).readValues(csv.toFile())) {
                int line = 1;
                while (rows.hasNext()) {
                    line++;
                    Map<String, String> row = rows.next();
                    if (!row.containsKey("key") || !row.containsKey("value")) {
                        throw new MappingFileException(csv, 1, 0, "needs the header 'key,value'", null);
                    }
                    if (table.put(row.get("key"), row.get("value")) != null) {
                        throw new MappingFileException(csv, line, 0, "key '" + row.get("key") + "' is listed twice", null);
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof MappingFileException m) {
                    throw m;
                }
                throw new MappingFileException(csv, 0, 0, "is not a readable CSV: " + e.getMessage(), e);
            }
            tables.put(csv.getFileName().toString().replaceFirst("\\.csv$", ""), Map.copyOf(table));
        }
        return tables;
    }

    private static List<Path> directories(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> files(Path folder, String suffix) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Mapping(Path file, Expression expression, String canonicalEntity) {
    }
}
