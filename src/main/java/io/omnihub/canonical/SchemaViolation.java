package io.omnihub.canonical;

/**
 * One way a record breaks its canonical schema.
 *
 * @param path    JSON Pointer of the offending value in the record, e.g. {@code /lines/0/price/amount}
 * @param keyword the JSON Schema keyword that failed, e.g. {@code pattern}
 * @param message what is wrong, as the validator says it
 */
public record SchemaViolation(String path, String keyword, String message) {

    @Override
    public String toString() {
        return (path.isEmpty() ? "/" : path) + ": " + message;
    }
}
