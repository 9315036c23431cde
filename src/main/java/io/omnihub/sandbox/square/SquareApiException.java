package io.omnihub.sandbox.square;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A call Square refuses, answered as Square does: an HTTP status and
 * {@code {"errors":[{"category","code","detail","field"}]}}, with {@code field} naming the request
 * field at fault (for example {@code changes[3].adjustment.quantity}).
 */
final class SquareApiException extends RuntimeException {

    /** One entry of Square's {@code errors} array. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(String category, String code, String detail, String field) {
    }

    /** Square's error body. */
    record Errors(List<Error> errors) {
    }

    static final String INVALID_REQUEST = "INVALID_REQUEST_ERROR";
    static final String AUTHENTICATION = "AUTHENTICATION_ERROR";
    static final String RATE_LIMIT = "RATE_LIMIT_ERROR";
    static final String API = "API_ERROR";

    private final int status;
    private final Error error;

    SquareApiException(int status, String category, String code, String detail, String field) {
        super(code + ": " + detail);
        this.status = status;
        this.error = new Error(category, code, detail, field);
    }

    /** A 400 INVALID_REQUEST_ERROR about one field (null when it concerns the whole request). */
    static SquareApiException invalid(String code, String detail, String field) {
        return new SquareApiException(400, INVALID_REQUEST, code, detail, field);
    }

    int status() {
        return status;
    }

    Errors body() {
        return new Errors(List.of(error));
    }
}
