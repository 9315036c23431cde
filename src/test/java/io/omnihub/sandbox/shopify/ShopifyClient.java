package io.omnihub.sandbox.shopify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Talks to a Shopify sandbox over HTTP the way an app does: GraphQL with the access token, plus the admin API. */
final class ShopifyClient {

    record Response(int status, HttpHeaders headers, JsonNode body) {
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final ShopifySandbox sandbox;
    private final String token;

    ShopifyClient(ShopifySandbox sandbox, String token) {
        this.sandbox = sandbox;
        this.token = token;
    }

    /** A GraphQL call with the app's token; the answer must be HTTP 200. */
    JsonNode graphql(String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        Response response = post(sandbox.graphQlUrl(), Map.of("X-Shopify-Access-Token", token,
                "Content-Type", "application/json"), write(body));
        if (response.status() != 200) {
            throw new AssertionError("HTTP " + response.status() + ": " + response.body());
        }
        return response.body();
    }

    JsonNode graphql(String query) {
        return graphql(query, Map.of());
    }

    Response post(String url, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    JsonNode adminGet(String path) {
        return send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/_sandbox/" + path)).GET()).body();
    }

    Response adminPost(String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/_sandbox/" + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(write(body))));
    }

    Response adminPut(String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/_sandbox/" + path))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(write(body))));
    }

    /** The named quantities of one level, read back through the admin API. */
    JsonNode quantities(String sku, String location) {
        return adminGet("inventory-levels?sku=" + sku + "&location=" + location).get(0).get("quantities");
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Response(response.statusCode(), response.headers(), body.isEmpty() ? null : JSON.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
