package io.omnihub.sandbox.square;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * What Square checks before any endpoint runs, in its order: the bearer token (401
 * AUTHENTICATION_ERROR), the {@code Square-Version} header (absent = the app's default version,
 * malformed = 400 INVALID_SQUARE_VERSION_FORMAT; the version used is echoed in the response) and,
 * on POST, a JSON content type (400 INVALID_CONTENT_TYPE).
 */
final class SquareApiGuard implements HandlerInterceptor {

    static final String VERSION_HEADER = "Square-Version";
    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final byte[] expectedAuthorization;
    private final String defaultVersion;
    private final SquareErrors errors;

    SquareApiGuard(String accessToken, String defaultVersion, SquareErrors errors) {
        this.expectedAuthorization = ("Bearer " + accessToken).getBytes(StandardCharsets.UTF_8);
        this.defaultVersion = defaultVersion;
        this.errors = errors;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        try {
            authenticate(request.getHeader("Authorization"));
            response.setHeader(VERSION_HEADER, version(request.getHeader(VERSION_HEADER)));
            if ("POST".equals(request.getMethod())) {
                requireJson(request.getContentType());
            }
            return true;
        } catch (SquareApiException e) {
            errors.write(response, e);
            return false;
        }
    }

    private void authenticate(String authorization) {
        if (authorization == null) {
            throw unauthorized("The request has no `Authorization` header; send `Authorization: Bearer <access token>`.");
        }
        // constant time, so the sandbox teaches nothing a timing attack on the real one would need
        if (!MessageDigest.isEqual(expectedAuthorization, authorization.getBytes(StandardCharsets.UTF_8))) {
            throw unauthorized("This request could not be authorized: the access token is not valid.");
        }
    }

    private static SquareApiException unauthorized(String detail) {
        return new SquareApiException(401, SquareApiException.AUTHENTICATION, "UNAUTHORIZED", detail, null);
    }

    private String version(String requested) {
        if (requested == null) {
            return defaultVersion;
        }
        if (VERSION.matcher(requested).matches()) {
            try {
                LocalDate.parse(requested);
                return requested;
            } catch (DateTimeParseException e) {
                // a date-shaped string that is no date is as malformed as any other
            }
        }
        throw SquareApiException.invalid("INVALID_SQUARE_VERSION_FORMAT",
                "The Square-Version header `" + requested + "` is not a version such as " + defaultVersion + " (YYYY-MM-DD).", null);
    }

    private static void requireJson(String contentType) {
        try {
            if (contentType != null && MediaType.APPLICATION_JSON.equalsTypeAndSubtype(MediaType.parseMediaType(contentType))) {
                return;
            }
        } catch (InvalidMediaTypeException e) {
            // refused below like any other non-JSON type
        }
        throw SquareApiException.invalid("INVALID_CONTENT_TYPE",
                "The Content-Type header must be `application/json`, not `" + contentType + "`.", null);
    }
}
