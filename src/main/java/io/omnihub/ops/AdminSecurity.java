package io.omnihub.ops;

import java.io.IOException;
import java.net.InetAddress;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Profiles;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may reach what. In the embedded default the hub listens on 127.0.0.1 only and everything
 * is open, Hawtio included. Under the {@code prod} profile, or bound to any non-loopback address,
 * everything but health, info and the signed webhooks needs HTTP Basic credentials from the
 * environment, and the hub refuses to start without them.
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurity {

    private final boolean authenticationRequired;

    AdminSecurity(Environment environment, ServerProperties server) {
        this.authenticationRequired = authenticationRequired(environment, server.getAddress());
    }

    /** On under the prod profile, and whenever the hub listens beyond loopback (no address = all interfaces). */
    static boolean authenticationRequired(Environment environment, InetAddress address) {
        return environment.acceptsProfiles(Profiles.of("prod")) || address == null || !address.isLoopbackAddress();
    }

    /**
     * Platforms cannot log in: each webhook proves itself by its signature (io.omnihub.inbound.WebhookInbox),
     * so their door gets a chain of its own with nothing to do, and no session, cookie or CSRF machinery.
     */
    @Bean
    @Order(1)
    SecurityFilterChain webhookFilterChain(HttpSecurity http) throws Exception {
        // by the whole path: the door is its own servlet, which a Spring MVC path matcher would not see
        return http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher("/webhooks/**"))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .securityContext(context -> context.disable())
                .sessionManagement(session -> session.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable())
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain adminFilterChain(HttpSecurity http) throws Exception {
        http.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        if (!authenticationRequired) {
            return http.csrf(csrf -> csrf.disable())
                    .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                    .build();
        }
        return http
                .authorizeHttpRequests(a -> a
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class, InfoEndpoint.class)).permitAll()
                        // the error page itself, so a refusal (403, 413 …) is not turned into a 401
                        .requestMatchers("/error").permitAll()
                        .anyRequest().hasRole("ADMIN"))
                .httpBasic(Customizer.withDefaults())
                // Browsers resend Basic credentials, so Hawtio's Jolokia calls (text/plain POSTs a
                // cross-site form can forge) carry the XSRF-TOKEN cookie back as X-XSRF-TOKEN, as
                // Hawtio does. The JSON APIs are exempt: a cross-site form cannot send application/json.
                .csrf(csrf -> csrf
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .ignoringRequestMatchers("/api/**"))
                .addFilterAfter(new CsrfCookieFilter(), BasicAuthenticationFilter.class)
                .build();
    }

    /**
     * No observation around each security filter: it wrapped every filter of every request (a third
     * of the webhook door's CPU, docs/benchmarks.md); requests stay timed in http.server.requests.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
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

    /** Tokens are deferred; touching it makes the repository write the XSRF-TOKEN cookie Hawtio reads. */
    private static final class CsrfCookieFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }
}
