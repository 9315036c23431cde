package io.omnihub.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class DataDirectoryTest {

    @Test
    void aRelativeDataDirectoryBecomesAbsoluteUnderTheWorkingDirectory() {
        MockEnvironment env = new MockEnvironment().withProperty("omnihub.data-dir", "data/../data");

        new DataDirectory().postProcessEnvironment(env, new SpringApplication());

        assertThat(env.getProperty("omnihub.data-dir")).isEqualTo(Path.of("data").toAbsolutePath().toString());
    }

    @Test
    void anAbsoluteDataDirectoryIsKept() {
        MockEnvironment env = new MockEnvironment().withProperty("omnihub.data-dir", "/var/lib/omnihub");

        new DataDirectory().postProcessEnvironment(env, new SpringApplication());

        assertThat(env.getProperty("omnihub.data-dir")).isEqualTo("/var/lib/omnihub");
    }
}
