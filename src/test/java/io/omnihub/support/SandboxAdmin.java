package io.omnihub.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A sandbox's admin API over real HTTP: its fault switches, the calls it received, its own state. */
public record SandboxAdmin(String baseUrl) {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Switches faults on for the next calls; switches not named are off. */
    public void faults(int throttles, int serverErrors, long latencyMillis) {
        setFaults(latencyMillis, serverErrors, throttles, 0, 0, 0);
    }

    /** Switches faults on for the next calls whose path starts with {@code path}; other calls go through. */
    public void faultsOn(String path, int throttles, int serverErrors) {
        setFaults(0, serverErrors, throttles, 0, 0, 0, path);
    }

    /** Switches webhook faults on for the next webhooks sent; the API call faults are off. */
    public void webhookFaults(int dropped, int duplicated, int reordered) {
        setFaults(0, 0, 0, dropped, duplicated, reordered);
    }

    private void setFaults(long latencyMillis, int serverErrors, int throttles, int dropped, int duplicated, int reordered) {
        setFaults(latencyMillis, serverErrors, throttles, dropped, duplicated, reordered, "");
    }

    private void setFaults(long latencyMillis, int serverErrors, int throttles, int dropped, int duplicated, int reordered,
            String path) {
        String body = """
                {"latencyMillis": %d, "serverErrors": %d, "throttles": %d, "droppedWebhooks": %d,
                 "duplicatedWebhooks": %d, "reorderedWebhooks": %d, "path": "%s"}"""
                .formatted(latencyMillis, serverErrors, throttles, dropped, duplicated, reordered, path);
        send(HttpRequest.newBuilder(uri("/_sandbox/faults")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public JsonNode faults() {
        return get("/_sandbox/faults");
    }

    /** The API calls received whose path starts with {@code path}, oldest first. */
    public List<JsonNode> calls(String path) {
        List<JsonNode> calls = new ArrayList<>();
        get("/_sandbox/calls?path=" + path).forEach(calls::add);
        return calls;
    }

    public void clearCalls() {
        send(HttpRequest.newBuilder(uri("/_sandbox/calls")).DELETE());
    }

    public JsonNode get(String path) {
        try {
            return JSON.readTree(send(HttpRequest.newBuilder(uri(path)).GET()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public String post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new AssertionError(request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
