package io.omnihub.outbound.spi;

import java.time.Duration;

/** What every target's settings have, whatever the platform. */
public interface TargetSettings {

    /** The platform, e.g. shopify; with {@link #account()} it names the target account. */
    String system();

    String account();

    /** The canonical channel whose availability this target receives. */
    String channel();

    /** API root; blank switches the target off. */
    String baseUrl();

    /** Time allowed for one answer. */
    Duration timeout();

    /** Batches (or single changes, for a target without batches) under way at once. */
    int maxInFlight();

    default boolean enabled() {
        return baseUrl() != null && !baseUrl().isBlank();
    }

    default Target target() {
        return new Target(system(), account(), channel());
    }
}
