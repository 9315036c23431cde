package io.omnihub.sandbox.square;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.sandbox.PlatformErrors;

/**
 * How Square answers a throttled call (429 RATE_LIMITED, no Retry-After header) and a failing one.
 * A 5xx burst alternates 500 INTERNAL_SERVER_ERROR and 503 SERVICE_UNAVAILABLE, so a client meets
 * both answers Square documents.
 */
final class SquareErrors implements PlatformErrors {

    private final ObjectMapper json;
    private final AtomicLong serverErrors = new AtomicLong();

    SquareErrors(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void writeThrottled(HttpServletResponse response) throws IOException {
        write(response, new SquareApiException(429, SquareApiException.RATE_LIMIT, "RATE_LIMITED",
                "Too many requests: the rate limit for this application was exceeded. Retry with exponential backoff.", null));
    }

    @Override
    public void writeServerError(HttpServletResponse response) throws IOException {
        boolean unavailable = serverErrors.getAndIncrement() % 2 == 1;
        write(response, unavailable
                ? new SquareApiException(503, SquareApiException.API, "SERVICE_UNAVAILABLE",
                        "The service is temporarily unavailable. Retry the request later.", null)
                : new SquareApiException(500, SquareApiException.API, "INTERNAL_SERVER_ERROR",
                        "An internal error occurred while processing the request.", null));
    }

    /** Writes an error outside Spring MVC's return-value handling (filters, interceptors). */
    void write(HttpServletResponse response, SquareApiException error) throws IOException {
        response.setStatus(error.status());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), error.body());
    }
}
