package io.omnihub.outbound.bol;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * bol's access token (client credentials, about 5 minutes), fetched once and reused until shortly
 * before it expires: bol may block an IP that asks for tokens too often. Concurrent callers share
 * one fetch. The credentials and the token are never logged.
 */
final class BolAccessToken {

    /** Renewed this long before bol says it expires, so no call goes out with a token about to lapse. */
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private record Token(String value, Instant expires) {
    }

    private final HttpClient http;
    private final URI tokenUrl;
    private final String basic;
    private final Duration timeout;
    private final ObjectMapper json;
    private final AtomicReference<CompletableFuture<Token>> current = new AtomicReference<>();

    BolAccessToken(HttpClient http, URI tokenUrl, String clientId, String clientSecret, Duration timeout, ObjectMapper json) {
        this.http = http;
        this.tokenUrl = tokenUrl;
        this.basic = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.json = json;
    }

    /** A valid token, from the cache or one fetch shared by everyone asking meanwhile. */
    CompletableFuture<String> get() {
        while (true) {
            CompletableFuture<Token> known = current.get();
            if (known != null && (!known.isDone() || usable(known))) {
                return known.thenApply(Token::value);
            }
            CompletableFuture<Token> fetch = new CompletableFuture<>();
            if (current.compareAndSet(known, fetch)) {
                fetch().whenComplete((token, error) -> {
                    if (error != null) {
                        current.compareAndSet(fetch, null);
                        fetch.completeExceptionally(error);
                    } else {
                        fetch.complete(token);
                    }
                });
                return fetch.thenApply(Token::value);
            }
        }
    }

    /** bol refused the token (expired early, revoked): the next {@link #get} fetches a new one. */
    void invalidate(String token) {
        CompletableFuture<Token> known = current.get();
        if (known != null && known.isDone() && !known.isCompletedExceptionally() && known.join().value().equals(token)) {
            current.compareAndSet(known, null);
        }
    }

    private static boolean usable(CompletableFuture<Token> token) {
        return !token.isCompletedExceptionally() && Instant.now().plus(MARGIN).isBefore(token.join().expires());
    }

    private CompletableFuture<Token> fetch() {
        HttpRequest request = HttpRequest.newBuilder(tokenUrl).timeout(timeout)
                .header("Authorization", basic)
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("bol.com token endpoint answered " + response.statusCode()
                        + (response.statusCode() == 401 ? " (client id or secret wrong)" : ""));
            }
            try {
                JsonNode body = json.readTree(response.body());
                return new Token(body.path("access_token").asText(),
                        Instant.now().plusSeconds(body.path("expires_in").asLong(299)));
            } catch (IOException e) {
                throw new IllegalStateException("bol.com token endpoint answered no JSON", e);
            }
        });
    }
}
