package io.omnihub.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.FileSystemResource;

/** mappings/channels.yaml as the hub binds it at start-up: the real file, and mistakes named with their place. */
class ChannelsPropertiesTest {

    @TempDir
    Path dir;

    @Test
    void theShippedFileBinds() throws IOException {
        ChannelsProperties channels = bind(Path.of("mappings/channels.yaml"));

        assertThat(channels.channels()).containsKeys("webshop-shopify", "marketplace-bol", "store");
        assertThat(channels.channels().get("webshop-shopify").perLocation()).isTrue();
        assertThat(channels.channels().get("marketplace-bol").safetyStock().unitsFor("SOCK-MW-42")).isEqualTo(3);
        assertThat(channels.channels().get("marketplace-bol").safetyStock().unitsFor("TR2-LW-GRN")).isEqualTo(1);
    }

    @Test
    void anUnknownLocationIsNamedWithTheFileAndTheSetting() throws IOException {
        Path file = write("""
                omnihub:
                  stock:
                    locations:
                      DC-NL: {type: warehouse}
                    channels:
                      marketplace-bol:
                        locations: [DC-NL, DC-BE]
                        safety-stock: {units: 1}
                """);

        assertThatThrownBy(() -> bind(file)).isInstanceOf(BindException.class)
                .hasMessageContaining("omnihub.stock")
                .rootCause().hasMessageContaining("omnihub.stock.channels.marketplace-bol.locations[1]: unknown location 'DC-BE'");
    }

    @Test
    void aChannelCodeTheCanonicalModelCannotCarryIsRefused() throws IOException {
        Path file = write("""
                omnihub:
                  stock:
                    locations:
                      DC-NL: {type: warehouse}
                    channels:
                      Marketplace_Bol:
                        locations: [DC-NL]
                        safety-stock: {units: 1}
                """);

        assertThatThrownBy(() -> bind(file)).rootCause().hasMessageContaining("omnihub.stock.channels.Marketplace_Bol")
                .hasMessageContaining("lower case");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("channels.yaml"), yaml);
    }

    private static ChannelsProperties bind(Path file) throws IOException {
        var sources = new YamlPropertySourceLoader().load(file.toString(), new FileSystemResource(file));
        return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("omnihub.stock", ChannelsProperties.class);
    }
}
