package io.omnihub.sandbox.shopify;

import java.util.Map;

/**
 * A GraphQL error as Shopify reports it for a field: its message, and a code under
 * {@code extensions.code}; locations and path are added where the field was being resolved.
 */
final class ApiError extends RuntimeException {

    private final String code;

    ApiError(String message, String code) {
        super(message, null, false, false);
        this.code = code;
    }

    Map<String, Object> extensions() {
        return Map.of("code", code);
    }
}
