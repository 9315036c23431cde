package io.omnihub.ops;

import java.net.InetAddress;

import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.StringUtils;

/**
 * Who may reach what. In the embedded default the hub listens on 127.0.0.1 only and everything
 * is open, Hawtio included. Under the {@code prod} profile, or bound to any non-loopback address,
 * everything but health and info needs HTTP Basic credentials from the environment, and the hub
 * refuses to start without them.
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurity {

    private final boolean authenticationRequired;

    AdminSecurity(Environment environment, ServerProperties server) {
        InetAddress address = server.getAddress();
        this.authenticationRequired = environment.acceptsProfiles(Profiles.of("prod"))
                || address == null || !address.isLoopbackAddress();
    }

    @Bean
    SecurityFilterChain adminFilterChain(HttpSecurity http) throws Exception {
        // Stateless HTTP Basic for machines and operators alike: no session, so no CSRF token to carry.
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        if (!authenticationRequired) {
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
        }
        return http
                .authorizeHttpRequests(a -> a
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class, InfoEndpoint.class)).permitAll()
                        .anyRequest().hasRole("ADMIN"))
                .httpBasic(Customizer.withDefaults())
                .build();
    }

    @Bean
    UserDetailsService adminUsers(AdminProperties admin) {
        if (!authenticationRequired) {
            return new InMemoryUserDetailsManager();
        }
        if (!StringUtils.hasText(admin.username()) || !StringUtils.hasText(admin.password())) {
            throw new IllegalStateException("Admin authentication is on (prod profile or a non-loopback "
                    + "server.address) but OMNIHUB_ADMIN_USERNAME and OMNIHUB_ADMIN_PASSWORD are not both set");
        }
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(User.withUsername(admin.username())
                .password(encoder.encode(admin.password()))
                .roles("ADMIN")
                .build());
    }
}
