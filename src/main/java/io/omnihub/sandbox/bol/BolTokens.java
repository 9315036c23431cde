package io.omnihub.sandbox.bol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * bol's OAuth2 client-credentials login: access tokens for the one sandbox credential, valid for the
 * token lifetime, and a refusal (429) when a client asks for tokens too often in a window. The real
 * login.bol.com may block the caller's IP instead; either way a client must reuse its token.
 */
final class BolTokens {

    /** The token answer, with OAuth2's field names. */
    record Token(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
            @JsonProperty("expires_in") long expiresIn, @JsonProperty("scope") String scope) {
    }

    private record Grant(String clientId, Instant expiresAt) {
    }

    private final BolSandboxProperties settings;
    private final Clock clock;
    private final FixedWindows requests;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    BolTokens(BolSandboxProperties settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.requests = new FixedWindows(clock);
    }

    /**
     * POST /token: {@code Authorization: Basic base64(id:secret)} and {@code grant_type=client_credentials}.
     * Wrong credentials give 401, another grant type 400, too many requests 429 with Retry-After.
     */
    Token issue(String authorization, String grantType) {
        String clientId = clientOf(authorization);
        if (!"client_credentials".equals(grantType)) {
            throw BolException.of(400, "Unsupported grant_type '" + grantType + "'; use client_credentials.");
        }
        FixedWindows.Decision decision = requests.acquire(clientId, settings.tokenRequestLimit(), settings.tokenRequestWindow());
        if (!decision.allowed()) {
            throw BolException.tooManyRequests(decision.resetSeconds());
        }
        Instant now = clock.instant();
        grants.values().removeIf(grant -> !now.isBefore(grant.expiresAt()));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        grants.put(token, new Grant(clientId, now.plus(settings.tokenLifetime())));
        return new Token(token, "Bearer", settings.tokenLifetime().toSeconds(), "RETAILER");
    }

    /** The client an API call's {@code Authorization: Bearer …} belongs to; 401 when missing, unknown or expired. */
    String authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw BolException.of(401, "Unauthorized request, a bearer token is required.");
        }
        Grant grant = grants.get(authorization.substring(7).trim());
        if (grant == null) {
            throw BolException.of(401, "Invalid JWT token.");
        }
        Instant now = clock.instant();
        if (!now.isBefore(grant.expiresAt())) {
            // "JWT expired" is what clients such as picqer's look for before fetching a new token
            throw BolException.of(401, "JWT expired at " + grant.expiresAt() + ". Current time: " + now + ".");
        }
        return grant.clientId();
    }

    private String clientOf(String authorization) {
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0 && same(decoded.substring(0, colon), settings.clientId())
                        && same(decoded.substring(colon + 1), settings.clientSecret())) {
                    return settings.clientId();
                }
            } catch (IllegalArgumentException notBase64) {
                // falls through to the same answer as wrong credentials
            }
        }
        throw BolException.of(401, "Bad client credentials.");
    }

    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
