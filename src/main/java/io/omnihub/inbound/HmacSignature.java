package io.omnihub.inbound;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.omnihub.api.RejectedInputException;

/** Base64 HMAC-SHA256 signatures as Shopify, Square and WooCommerce send them, compared in constant time. */
final class HmacSignature {

    private HmacSignature() {
    }

    /**
     * Accepts only when {@code given} is the base64 HMAC-SHA256 of {@code prefix} + {@code body} under
     * {@code secret}; otherwise a 401 naming {@code header}. The comparison takes the same time
     * whatever the position of the first differing byte.
     */
    static void verify(String header, String given, String secret, byte[] prefix, byte[] body) {
        if (given == null || given.isBlank()) {
            throw new RejectedInputException(401, "Header " + header + " is missing");
        }
        if (secret == null || secret.isEmpty()) {
            throw new RejectedInputException(401, "No webhook secret is configured for this account; refusing " + header);
        }
        byte[] expected = sign(secret, prefix, body);
        byte[] provided;
        try {
            provided = Base64.getDecoder().decode(given.trim());
        } catch (IllegalArgumentException e) {
            throw new RejectedInputException(401, "Header " + header + " is not base64");
        }
        if (!MessageDigest.isEqual(expected, provided)) {
            throw new RejectedInputException(401, "Header " + header + " does not match the body");
        }
    }

    static byte[] sign(String secret, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
