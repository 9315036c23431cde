package io.omnihub.sandbox.bol;

import java.util.List;
import java.util.Map;

/**
 * A call bol refuses, thrown anywhere in the sandbox and answered as a {@link BolProblem} by
 * {@link BolExceptionHandler}, with the headers the refusal carries (Retry-After on a 429).
 */
final class BolException extends RuntimeException {

    private final int status;
    private final List<BolProblem.Violation> violations;
    private final Map<String, String> headers;

    private BolException(int status, String detail, List<BolProblem.Violation> violations, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.violations = violations;
        this.headers = headers;
    }

    static BolException of(int status, String detail) {
        return new BolException(status, detail, List.of(), Map.of());
    }

    static BolException invalid(List<BolProblem.Violation> violations) {
        return new BolException(400, "Bad request", List.copyOf(violations), Map.of());
    }

    static BolException invalid(String name, String reason) {
        return invalid(List.of(new BolProblem.Violation(name, reason)));
    }

    static BolException tooManyRequests(long retryAfterSeconds) {
        return new BolException(429, "Too many requests, retry in " + retryAfterSeconds + " seconds.", List.of(),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }

    BolProblem problem(String instance) {
        return violations.isEmpty() ? BolProblem.of(status, getMessage(), instance) : BolProblem.validation(violations, instance);
    }
}
