package io.omnihub.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The checks of the camel-kamelets catalog validator, over every file in connectors/:
 * file name = metadata.name = {@code <system>-<source|sink|action>}, matching type label and
 * title suffix, every property titled, described and typed, declared = used parameters (besides
 * Camel's own routeId and templateId),
 * passwords in the credentials group, no duplicate titles.
 */
class KameletFilesTest {

    private static final Pattern FILE_NAME = Pattern.compile("([a-z0-9-]+)-(source|sink|action)\\.kamelet\\.yaml");
    private static final Pattern PARAMETER = Pattern.compile("\\{\\{\\??([A-Za-z0-9]+)(?::[^}]*)?}}");
    private static final String CREDENTIALS = "urn:camel:group:credentials";
    /** Parameters Camel gives every Kamelet route itself (e.g. a scheduler named after its route). */
    private static final Set<String> IMPLICIT = Set.of("routeId", "templateId");

    @TestFactory
    Stream<DynamicTest> everyKameletFollowsTheCatalogRules() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("connectors"))) {
            files = list.sorted().toList();
        }
        assertThat(files).as("Kamelets in connectors/").isNotEmpty();
        Set<String> titles = new HashSet<>();
        return files.stream().map(file -> DynamicTest.dynamicTest(file.toString(), () -> {
            List<String> problems = problems(file, titles);
            assertThat(problems).as(file.toString()).isEmpty();
        }));
    }

    @Test
    void aKameletThatBreaksTheRulesIsReported(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("acme-order-sink.kamelet.yaml");
        Files.writeString(file, """
                kind: Kamelet
                metadata: { name: acme-orders-sink, labels: { camel.apache.org/kamelet.type: source } }
                spec:
                  definition:
                    title: Acme Orders
                    description: Send orders to Acme.
                    properties:
                      apiToken: { title: The API Token, type: string, format: password }
                      unused: { title: Unused, description: Never used., type: string }
                  template: { from: { uri: kamelet:source, steps: [ { to: "https://acme/{{apiToken}}/{{tenant}}" } ] } }
                """);
        assertThat(problems(file, new HashSet<>())).containsExactlyInAnyOrder(
                "metadata.name must equal the file name without .kamelet.yaml",
                "label camel.apache.org/kamelet.type must be sink",
                "title must end with Sink",
                "property apiToken has no description",
                "property apiToken title must not start with an article",
                "password property apiToken needs x-descriptors urn:camel:group:credentials",
                "template uses undeclared {{tenant}}",
                "property unused is never used",
                "dependencies are missing");
    }

    @SuppressWarnings("unchecked")
    static List<String> problems(Path file, Set<String> titlesSoFar) throws IOException {
        List<String> problems = new ArrayList<>();
        Matcher name = FILE_NAME.matcher(file.getFileName().toString());
        if (!name.matches()) {
            return List.of("file name must be <system>-<source|sink|action>.kamelet.yaml");
        }
        String type = name.group(2);
        Map<String, Object> kamelet;
        try (Reader reader = Files.newBufferedReader(file)) {
            kamelet = new Yaml().load(reader);
        }
        Map<String, Object> metadata = (Map<String, Object>) kamelet.get("metadata");
        Map<String, Object> spec = (Map<String, Object>) kamelet.get("spec");
        Map<String, Object> definition = (Map<String, Object>) spec.get("definition");
        Map<String, Object> labels = (Map<String, Object>) metadata.get("labels");

        if (!"Kamelet".equals(kamelet.get("kind"))) problems.add("kind must be Kamelet");
        if (!file.getFileName().toString().equals(metadata.get("name") + ".kamelet.yaml")) {
            problems.add("metadata.name must equal the file name without .kamelet.yaml");
        }
        if (labels == null || !type.equals(labels.get("camel.apache.org/kamelet.type"))) {
            problems.add("label camel.apache.org/kamelet.type must be " + type);
        }
        String title = (String) definition.get("title");
        String suffix = Character.toUpperCase(type.charAt(0)) + type.substring(1);
        if (title == null || !title.endsWith(suffix)) problems.add("title must end with " + suffix);
        if (title != null && !titlesSoFar.add(title)) problems.add("title '" + title + "' is used by another Kamelet");
        if (!(definition.get("description") instanceof String d) || d.isBlank()) problems.add("description is missing");

        Map<String, Map<String, Object>> properties =
                (Map<String, Map<String, Object>>) definition.getOrDefault("properties", Map.of());
        for (var property : properties.entrySet()) {
            String key = property.getKey();
            Map<String, Object> p = property.getValue();
            for (String field : List.of("title", "description", "type")) {
                if (!p.containsKey(field)) problems.add("property " + key + " has no " + field);
            }
            if (p.get("title") instanceof String t && (t.startsWith("The ") || t.startsWith("A "))) {
                problems.add("property " + key + " title must not start with an article");
            }
            if ("password".equals(p.get("format"))) {
                Object descriptors = p.get("x-descriptors");
                if (!(descriptors instanceof List<?> l && l.contains(CREDENTIALS))) {
                    problems.add("password property " + key + " needs x-descriptors " + CREDENTIALS);
                }
                if (p.containsKey("default")) problems.add("password property " + key + " must have no default");
            }
        }
        for (Object required : (List<Object>) definition.getOrDefault("required", List.of())) {
            if (!properties.containsKey(required)) problems.add("required " + required + " is not a declared property");
        }

        Set<String> used = new HashSet<>();
        Matcher m = PARAMETER.matcher(new Yaml().dump(spec.get("template")));
        while (m.find()) used.add(m.group(1));
        for (String u : used) {
            if (!properties.containsKey(u) && !IMPLICIT.contains(u)) problems.add("template uses undeclared {{" + u + "}}");
        }
        for (String d : properties.keySet()) if (!used.contains(d)) problems.add("property " + d + " is never used");

        if (!(spec.get("dependencies") instanceof List<?> deps) || deps.isEmpty()) problems.add("dependencies are missing");
        String start = type.equals("source") ? null : "kamelet:source";
        Map<String, Object> from = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("from");
        if (start != null && !start.equals(from.get("uri"))) problems.add("a " + type + " starts from kamelet:source");
        if (type.equals("source") && !new Yaml().dump(from).contains("kamelet:sink")) {
            problems.add("a source ends in kamelet:sink");
        }
        return problems;
    }
}
