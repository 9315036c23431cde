package io.omnihub.sandbox.erp;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import io.omnihub.sandbox.PlatformErrors;

/**
 * Error answers of the ERP sandbox's HTTP side as plain RFC 9457 problem JSON. A staging-table ERP
 * has no web API of its own, so there is no vendor format to copy.
 */
final class ErpProblems implements PlatformErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ResponseEntity<Map<String, Object>> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body(status, detail));
    }

    @Override
    public void writeThrottled(HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, "1");
        write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests (simulated); retry after 1 s.");
    }

    @Override
    public void writeServerError(HttpServletResponse response) throws IOException {
        write(response, HttpStatus.SERVICE_UNAVAILABLE, "The ERP is unavailable (simulated).");
    }

    private static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), body(status, detail));
    }

    private static Map<String, Object> body(HttpStatus status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        return body;
    }
}
