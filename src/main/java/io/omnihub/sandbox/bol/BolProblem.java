package io.omnihub.sandbox.bol;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.HttpStatus;

/**
 * bol's error body: {@code {type, title, status, detail, host, instance, violations}} with the
 * fixed type https://api.bol.com/problems; violations only on validation errors.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BolProblem(String type, String title, int status, String detail, String host, String instance,
        List<Violation> violations) {

    static final String TYPE = "https://api.bol.com/problems";
    static final String HOST = "Instance-sandbox";
    static final String VALIDATION_TITLE = "Error validating request. Consult the bol.com API documentation for more information.";

    /** One rejected field or parameter, as bol names it: {@code {name, reason}}. */
    record Violation(String name, String reason) {
    }

    /** A problem titled with the status's reason phrase, as bol does for everything but validation errors. */
    static BolProblem of(int status, String detail, String instance) {
        HttpStatus known = HttpStatus.resolve(status);
        return new BolProblem(TYPE, known == null ? "Error" : known.getReasonPhrase(), status, detail, HOST, instance, null);
    }

    static BolProblem validation(List<Violation> violations, String instance) {
        return new BolProblem(TYPE, VALIDATION_TITLE, 400, "Bad request", HOST, instance, List.copyOf(violations));
    }

    /** Writes this problem straight to a servlet response, for answers given before Spring MVC is reached. */
    void write(HttpServletResponse response, ObjectMapper json) throws IOException {
        response.setStatus(status);
        response.setContentType(BolMediaTypes.V10_JSON_VALUE);
        json.writeValue(response.getOutputStream(), this);
    }
}
