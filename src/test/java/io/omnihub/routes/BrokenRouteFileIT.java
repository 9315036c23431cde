package io.omnihub.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.omnihub.OmnihubApplication;
import io.omnihub.support.HubIntegrationTest;

/** A bad flow file stops the hub with a report naming the file, never a bare stack trace. */
@ExtendWith(OutputCaptureExtension.class)
class BrokenRouteFileIT {

    @Test
    void aFileCamelCannotParseIsNamedWithItsLine(@TempDir Path routes, CapturedOutput output) throws IOException {
        Path file = routes.resolve("typo-flow.camel.yaml");
        Files.writeString(file, """
                - route:
                    id: typo-flow
                    from:
                      uri: timer:tick
                      steps:
                        - setBody:
                            constant: hello
                        - tooo:
                            uri: log:out
                """);

        assertThatThrownBy(() -> start(routes, "--omnihub.kafka.bootstrap-servers=127.0.0.1:1"));

        assertThat(output.getOut())
                .contains("APPLICATION FAILED TO START")
                .contains("Cannot load " + file.toAbsolutePath() + " (line 8, column 11): Unknown node id: tooo")
                .doesNotContain("\tat org.apache.camel");
    }

    @Test
    void aFlowThatNamesAMissingKameletNamesTheKameletFile(@TempDir Path routes, CapturedOutput output) throws IOException {
        Files.writeString(routes.resolve("orphan-flow.camel.yaml"), """
                - route:
                    id: orphan-flow
                    from:
                      uri: kamelet:no-such-source
                      steps:
                        - to: log:out
                """);

        assertThatThrownBy(() -> start(routes,
                "--omnihub.kafka.embedded.port=0", "--omnihub.kafka.embedded.controller-port=0"));

        assertThat(output.getOut())
                .contains("APPLICATION FAILED TO START")
                .contains("Failure creating route from template: no-such-source: Resource not found: ")
                .contains("no-such-source.kamelet.yaml")
                .doesNotContain("\tat org.apache.camel");
    }

    @Test
    void aFlowThatCannotStartIsNamedByItsFile(@TempDir Path routes, CapturedOutput output) throws IOException {
        Files.writeString(routes.resolve("unknown-endpoint.camel.yaml"), """
                - route:
                    id: unknown-endpoint
                    from:
                      uri: timer:tick
                      steps:
                        - to: nosuchcomponent:out
                """);

        assertThatThrownBy(() -> start(routes,
                "--omnihub.kafka.embedded.port=0", "--omnihub.kafka.embedded.controller-port=0"));

        assertThat(output.getOut())
                .contains("APPLICATION FAILED TO START")
                .contains("Route 'unknown-endpoint' (by convention routes/unknown-endpoint.camel.yaml) cannot start")
                .contains("nosuchcomponent")
                .doesNotContain("\tat org.apache.camel");
    }

    private static void start(Path routes, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.jmx.enabled=false",
                "--camel.main.routes-include-pattern=file:" + routes + "/*.yaml",
                "--omnihub.data-dir=" + HubIntegrationTest.newDataDir("broken")));
        args.addAll(List.of(extraArgs));
        new SpringApplicationBuilder(OmnihubApplication.class).run(args.toArray(String[]::new)).close();
    }
}
