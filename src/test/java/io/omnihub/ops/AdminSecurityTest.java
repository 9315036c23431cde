package io.omnihub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** When admin authentication switches on; decided from settings, without binding any address. */
class AdminSecurityTest {

    @Test
    void openOnlyOnLoopbackOutsideProd() throws Exception {
        MockEnvironment embedded = new MockEnvironment();

        assertThat(AdminSecurity.authenticationRequired(embedded, InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThat(AdminSecurity.authenticationRequired(embedded, InetAddress.getByName("::1"))).isFalse();
        assertThat(AdminSecurity.authenticationRequired(embedded, InetAddress.getByName("10.1.2.3"))).isTrue();
        assertThat(AdminSecurity.authenticationRequired(embedded, InetAddress.getByName("0.0.0.0"))).isTrue();
        assertThat(AdminSecurity.authenticationRequired(embedded, null)).as("all interfaces").isTrue();
    }

    @Test
    void alwaysOnUnderProd() throws Exception {
        MockEnvironment prod = new MockEnvironment();
        prod.setActiveProfiles("prod");

        assertThat(AdminSecurity.authenticationRequired(prod, InetAddress.getByName("127.0.0.1"))).isTrue();
    }
}
