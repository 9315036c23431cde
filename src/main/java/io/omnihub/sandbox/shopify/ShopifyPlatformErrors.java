package io.omnihub.sandbox.shopify;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.sandbox.PlatformErrors;

/**
 * How Shopify's Admin GraphQL API answers when the fault switches say so. Throttling is HTTP 200
 * with the THROTTLED error and the bucket's status; the switch answers before the query is read,
 * so requestedQueryCost is null there. A 5xx burst answers 503 with Shopify's JSON error body.
 */
final class ShopifyPlatformErrors implements PlatformErrors {

    private final CostBucket bucket;
    private final ObjectMapper json;

    ShopifyPlatformErrors(CostBucket bucket, ObjectMapper json) {
        this.bucket = bucket;
        this.json = json;
    }

    @Override
    public void writeThrottled(HttpServletResponse response) throws IOException {
        write(response, HttpServletResponse.SC_OK, ShopifyGraphQl.throttled(null, bucket.status()));
    }

    @Override
    public void writeServerError(HttpServletResponse response) throws IOException {
        write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, Map.of("errors", "Service Unavailable"));
    }

    private void write(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        json.writeValue(response.getOutputStream(), body);
    }
}
