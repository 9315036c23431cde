package io.omnihub.outbound.spi;

import java.time.Duration;

/** How a target answered one attempt of a request, as {@link Attempts} acts on it. */
public sealed interface Answer<T> {

    /** Answered for good (a success, or a refusal that no retry changes); the client reads {@code value}. */
    record Done<T>(T value) implements Answer<T> {
    }

    /**
     * The target said to slow down (429, THROTTLED). {@code advised} is its own word on when to come
     * back (Retry-After, Shopify's restore time), or zero when it gave none.
     */
    record Throttled<T>(Duration advised) implements Answer<T> {
    }

    /** A failure another attempt may not have: 5xx, no answer in time, connection refused. */
    record Transient<T>(String error) implements Answer<T> {
    }

    static <T> Answer<T> done(T value) {
        return new Done<>(value);
    }

    static <T> Answer<T> throttled(Duration advised) {
        return new Throttled<>(advised);
    }

    static <T> Answer<T> failedTransiently(String error) {
        return new Transient<>(error);
    }
}
