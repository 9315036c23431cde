package io.omnihub.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file in routes/ and connectors/ loads with Camel's own YAML DSL loader; a flow's id is
 * its file name. A bad file fails here naming the file and the line Camel reports.
 */
class RouteFilesTest {

    @TestFactory
    Stream<DynamicTest> everyRouteFileLoadsAndIsNamedByItsId() throws IOException {
        return yamlFiles(Path.of("routes")).map(file -> DynamicTest.dynamicTest(file.toString(), () -> {
            ModelCamelContext camel = load(file);
            String stem = file.getFileName().toString().replaceFirst("\\.camel\\.yaml$", "");
            List<String> ids = Stream.concat(
                    camel.getRouteDefinitions().stream().map(RouteDefinition::getRouteId),
                    camel.getRouteConfigurationDefinitions().stream().map(RouteConfigurationDefinition::getId))
                    .toList();
            assertEquals(List.of(stem), ids, file + " must hold exactly one flow whose id is the file name");
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyKameletLoads() throws IOException {
        return yamlFiles(Path.of("connectors")).map(file -> DynamicTest.dynamicTest(file.toString(), () -> {
            ModelCamelContext camel = load(file);
            assertThat(camel.getRouteTemplateDefinitions()).as(file + " defines one Kamelet template").hasSize(1);
        }));
    }

    @Test
    void aBrokenFileIsReportedWithItsNameAndLine(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("broken-flow.camel.yaml");
        Files.writeString(broken, """
                - route:
                    id: broken-flow
                    from:
                      uri: timer:tick
                      steps:
                        - sendTo: log:x
                """);
        assertThatThrownBy(() -> load(broken))
                .hasMessageContaining("broken-flow.camel.yaml")
                .hasMessageContaining("line 6")
                .hasMessageContaining("sendTo");
    }

    static Stream<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(yaml).as("YAML files in " + dir).isNotEmpty();
            return yaml.stream();
        }
    }

    /** Loads one file into a context that is never started; fails naming the file and Camel's reason. */
    static ModelCamelContext load(Path file) {
        DefaultCamelContext camel = new DefaultCamelContext();
        try {
            var resource = PluginHelper.getResourceLoader(camel).resolveResource("file:" + file);
            PluginHelper.getRoutesLoader(camel).loadRoutes(resource);
            return camel;
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new AssertionError(file + ": " + root.getMessage(), e);
        }
    }
}
