package io.omnihub.sandbox;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

/** How one platform answers when it is throttling or failing: status, headers and body as its documentation shows them. */
public interface PlatformErrors {

    /** The answer to a call refused by rate limiting (a 429 storm switched on, or the platform's own limit). */
    void writeThrottled(HttpServletResponse response) throws IOException;

    /** The answer to a call during a 5xx burst. */
    void writeServerError(HttpServletResponse response) throws IOException;
}
