package io.omnihub.api;

import java.util.List;

/**
 * Input the hub refuses, with the HTTP status and a message that names what is wrong
 * (field, header, position). Thrown before anything is stored or published.
 */
public class RejectedInputException extends RuntimeException {

    private final int status;
    private final List<String> errors;

    public RejectedInputException(int status, String message) {
        this(status, message, List.of());
    }

    /** @param errors each problem found, e.g. {@code /onHand: integer expected}; shown to the caller */
    public RejectedInputException(int status, String message, List<String> errors) {
        super(message);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public static RejectedInputException badRequest(String message) {
        return new RejectedInputException(400, message);
    }

    public int status() {
        return status;
    }

    public List<String> errors() {
        return errors;
    }
}
