package io.omnihub.sandbox.bol;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.sandbox.PlatformErrors;

/**
 * bol's answers for the fault switches: a 429 problem with Retry-After in seconds, and a 500 or 503
 * problem. Written before Spring MVC is reached, so without the request path as instance.
 */
final class BolPlatformErrors implements PlatformErrors {

    private final ObjectMapper json = new ObjectMapper();
    private final long retryAfterSeconds;
    private final int serverErrorStatus;

    BolPlatformErrors(Duration retryAfter, int serverErrorStatus) {
        if (serverErrorStatus < 500 || serverErrorStatus > 599) {
            throw new IllegalArgumentException("serverErrorStatus must be a 5xx status, not " + serverErrorStatus);
        }
        this.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
        this.serverErrorStatus = serverErrorStatus;
    }

    @Override
    public void writeThrottled(HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        BolProblem.of(429, "Too many requests, retry in " + retryAfterSeconds + " seconds.", null).write(response, json);
    }

    @Override
    public void writeServerError(HttpServletResponse response) throws IOException {
        BolProblem.of(serverErrorStatus, "The service is temporarily unavailable, please try again later.", null)
                .write(response, json);
    }
}
