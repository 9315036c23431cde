package io.omnihub.sandbox.shopify;

import io.omnihub.sandbox.SandboxApi;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * {@code POST /admin/api/{version}/graphql.json} as Shopify answers it before GraphQL gets to see
 * the request: another version is 404, a missing or wrong {@code X-Shopify-Access-Token} is 401, a
 * body that is not JSON ({@code application/json}) or a query ({@code application/graphql}) is 400,
 * each with Shopify's JSON error body. Everything else is a GraphQL answer with HTTP 200.
 */
@SandboxApi
public class ShopifyGraphQlController {

    static final Map<String, Object> NOT_FOUND = Map.of("errors", "Not Found");
    static final Map<String, Object> INVALID_TOKEN =
            Map.of("errors", "[API] Invalid API key or access token (unrecognized login or wrong password)");
    static final Map<String, Object> BAD_REQUEST = Map.of("errors", Map.of("query", "Required parameter missing or invalid"));
    private static final MediaType GRAPHQL = new MediaType("application", "graphql");

    private record Request(String query, String operationName, Map<String, Object> variables) {
    }

    private final ShopifyGraphQl graphQl;
    private final ShopifySandboxProperties settings;
    private final ObjectMapper json;

    ShopifyGraphQlController(ShopifyGraphQl graphQl, ShopifySandboxProperties settings, ObjectMapper json) {
        this.graphQl = graphQl;
        this.settings = settings;
        this.json = json;
    }

    @PostMapping("/admin/api/{version}/graphql.json")
    public ResponseEntity<Map<String, Object>> graphql(@PathVariable String version,
            @RequestHeader(name = "X-Shopify-Access-Token", required = false) String token,
            @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @RequestBody(required = false) String body) {
        if (!settings.apiVersion().equals(version)) {
            return answer(HttpStatus.NOT_FOUND, NOT_FOUND);
        }
        if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                settings.accessToken().getBytes(StandardCharsets.UTF_8))) {
            return answer(HttpStatus.UNAUTHORIZED, INVALID_TOKEN);
        }
        Request request = read(contentType, body);
        if (request == null) {
            return answer(HttpStatus.BAD_REQUEST, BAD_REQUEST);
        }
        return answer(HttpStatus.OK, graphQl.execute(request.query(), request.operationName(), request.variables()));
    }

    /** Any other Admin API path: Shopify's 404. */
    @RequestMapping("/admin/**")
    public ResponseEntity<Map<String, Object>> notFound() {
        return answer(HttpStatus.NOT_FOUND, NOT_FOUND);
    }

    /** The query, operation name and variables, or null when the body does not carry a query. */
    private Request read(String contentType, String body) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            return null;
        }
        if (body == null || body.isBlank() || type == null) {
            return null;
        }
        if (GRAPHQL.equalsTypeAndSubtype(type)) {
            return new Request(body, null, Map.of());
        }
        if (!MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)) {
            return null;
        }
        try {
            JsonNode request = json.readTree(body);
            JsonNode query = request.path("query");
            JsonNode variables = request.path("variables");
            JsonNode operationName = request.path("operationName");
            if (!query.isTextual() || query.asText().isBlank()
                    || !(variables.isMissingNode() || variables.isNull() || variables.isObject())
                    || !(operationName.isMissingNode() || operationName.isNull() || operationName.isTextual())) {
                return null;
            }
            Map<String, Object> values = variables.isObject()
                    ? json.convertValue(variables, new TypeReference<Map<String, Object>>() { })
                    : Map.of();
            return new Request(query.asText(), operationName.isTextual() ? operationName.asText() : null, values);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private ResponseEntity<Map<String, Object>> answer(HttpStatus status, Map<String, Object> body) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Shopify-API-Version", settings.apiVersion())
                .header("X-Request-Id", UUID.randomUUID().toString())
                .body(body);
    }
}
