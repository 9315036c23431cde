package io.omnihub.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs here, so docker/ is checked as files: compose.yaml parses and wires the
 * hub to PostgreSQL and Kafka by environment, with no secret in it; the Dockerfile's instructions
 * are well-formed, run as a non-root user, have a health check and copy what exists.
 */
class DockerFilesTest {

    private static final List<String> INSTRUCTIONS = List.of("FROM", "RUN", "COPY", "WORKDIR", "USER", "ENV",
            "EXPOSE", "HEALTHCHECK", "ENTRYPOINT", "CMD", "ARG", "LABEL");

    @Test
    @SuppressWarnings("unchecked")
    void composeWiresTheHubToPostgresAndKafkaWithoutSecrets() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker/compose.yaml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("postgres", "kafka", "hub");

        Map<String, Object> hub = (Map<String, Object>) services.get("hub").get("environment");
        assertThat(hub.get("SPRING_DATASOURCE_URL").toString()).startsWith("jdbc:postgresql://postgres:5432/");
        Map<String, Object> kafka = (Map<String, Object>) services.get("kafka").get("environment");
        assertThat(kafka.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS").toString())
                .contains(hub.get("OMNIHUB_KAFKA_BOOTSTRAP_SERVERS").toString());
        assertThat(hub.get("SPRING_PROFILES_ACTIVE")).isEqualTo("prod");

        // every variable the hub gets sets a property the hub declares (relaxed binding), not a typo of one
        Set<String> declared = new HashSet<>(List.of("spring.profiles.active"));
        flatten("", new Yaml().load(Files.readString(Path.of("src/main/resources/application.yaml"))), declared);
        Set<String> relaxed = declared.stream().map(k -> k.replace('-', '.')).collect(Collectors.toSet());
        assertThat(hub.keySet()).allSatisfy(key ->
                assertThat(relaxed).as(key).contains(key.toLowerCase().replace('_', '.')));

        for (var service : services.entrySet()) {
            Map<String, Object> environment = (Map<String, Object>) service.getValue().getOrDefault("environment", Map.of());
            environment.forEach((key, value) -> {
                if (key.contains("PASSWORD")) {
                    assertThat(value.toString()).as(service.getKey() + " " + key + " comes from the environment")
                            .matches("\\$\\{[A-Z_]+:\\?.+}");
                }
            });
            List<String> ports = (List<String>) service.getValue().getOrDefault("ports", List.of());
            assertThat(ports).as(service.getKey() + " publishes on loopback only").allMatch(p -> p.startsWith("127.0.0.1:"));
        }
    }

    @Test
    void dockerfileIsWellFormedRunsAsNonRootAndChecksHealth() throws IOException {
        List<String> instructions = instructions(Path.of("docker/Dockerfile"));

        assertThat(instructions).allSatisfy(line ->
                assertThat(INSTRUCTIONS).as(line).contains(line.split("\\s+")[0]));
        assertThat(instructions.get(0)).startsWith("FROM ");
        assertThat(instructions).anyMatch(l -> l.contains("-Djarmode=tools") && l.contains("--layers"));
        assertThat(instructions).anyMatch(l -> l.startsWith("HEALTHCHECK ") && l.contains("/actuator/health/readiness"));
        String user = instructions.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
        assertThat(user).isNotIn("USER root", "USER 0");

        for (String copy : instructions.stream().filter(l -> l.startsWith("COPY ") && !l.contains("--from")).toList()) {
            String source = copy.split("\\s+")[1];
            if (!source.startsWith("target/")) {
                assertThat(Path.of(source)).as(copy).exists();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> yaml, Set<String> keys) {
        yaml.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> nested) {
                flatten(name, (Map<String, Object>) nested, keys);
            } else {
                keys.add(name);
            }
        });
    }

    /** Instructions with line continuations joined and comments dropped. */
    private static List<String> instructions(Path dockerfile) throws IOException {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                result.add(current.append(trimmed).toString());
                current.setLength(0);
            }
        }
        return result;
    }
}
