package io.omnihub.api;

/**
 * Input the hub refuses, with the HTTP status and a message that names what is wrong
 * (field, header, position). Thrown before anything is stored or published.
 */
public class RejectedInputException extends RuntimeException {

    private final int status;

    public RejectedInputException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static RejectedInputException badRequest(String message) {
        return new RejectedInputException(400, message);
    }

    public int status() {
        return status;
    }
}
