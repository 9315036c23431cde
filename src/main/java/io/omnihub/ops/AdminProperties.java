package io.omnihub.ops;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Credentials for the admin surface (Actuator admin endpoints, Jolokia, Hawtio, the hub's APIs)
 * when authentication is on. Only ever set from the environment
 * ({@code OMNIHUB_ADMIN_USERNAME}, {@code OMNIHUB_ADMIN_PASSWORD}); never logged.
 */
@ConfigurationProperties("omnihub.admin")
public record AdminProperties(String username, String password) {

    @Override
    public String toString() {
        return "AdminProperties[username=" + username + ", password=****]";
    }
}
