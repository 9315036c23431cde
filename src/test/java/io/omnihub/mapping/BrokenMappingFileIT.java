package io.omnihub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.omnihub.OmnihubApplication;
import io.omnihub.support.HubIntegrationTest;

/** A mapping file that does not parse stops the hub, naming the file and position. */
@ExtendWith(OutputCaptureExtension.class)
class BrokenMappingFileIT {

    @Test
    void theHubRefusesToStartAndNamesTheFile(@TempDir Path mappings, CapturedOutput output) throws IOException {
        Path file = mappings.resolve("square/inventory-count.in.jslt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "[for (.counts) {\n  \"sku\": .sku\n  \"onHand\": .quantity\n}]\n");

        assertThatThrownBy(() -> new SpringApplicationBuilder(OmnihubApplication.class).run(
                "--server.port=0", "--spring.jmx.enabled=false",
                "--omnihub.kafka.bootstrap-servers=127.0.0.1:1",
                "--omnihub.mappings.dir=" + mappings,
                "--omnihub.data-dir=" + HubIntegrationTest.newDataDir("broken-mapping")).close());

        assertThat(output.getOut())
                .contains("APPLICATION FAILED TO START")
                // JSLT places the error at the end of the token before the missing comma, and quotes the next one
                .contains("Cannot load mapping file " + file + " (line 2, column 11): Parse error")
                .contains("at line 3, column 3")
                .doesNotContain("\tat com.schibsted");
    }
}
