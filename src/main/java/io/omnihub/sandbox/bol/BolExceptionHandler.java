package io.omnihub.sandbox.bol;

import io.omnihub.sandbox.SandboxAdvice;
import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Every error of the sandbox answered as bol answers it: a problem body, in bol's media type on the
 * API and in plain JSON on the token endpoint (login.bol.com is a service of its own). Covers
 * the sandbox's own refusals, unreadable JSON and what Spring MVC itself refuses (unknown path, wrong
 * method); anything else is a 500 and a bug in the sandbox.
 */
@SandboxAdvice
final class BolExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(BolExceptionHandler.class);

    @ExceptionHandler(BolException.class)
    ResponseEntity<BolProblem> refused(BolException e, HttpServletRequest request) {
        var answer = ResponseEntity.status(e.status()).contentType(mediaType(request));
        e.headers().forEach(answer::header);
        return answer.body(e.problem(request.getRequestURI()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<BolProblem> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        return refused(BolException.invalid("body", "Request body is missing or is not valid JSON."), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<BolProblem> other(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse spring) {
            int status = spring.getStatusCode().value();
            return ResponseEntity.status(status).headers(spring.getHeaders()).contentType(mediaType(request))
                    .body(BolProblem.of(status, spring.getBody().getDetail(), request.getRequestURI()));
        }
        log.error("bol sandbox failed on {} {}", request.getMethod(), request.getRequestURI(), e);
        return ResponseEntity.status(500).contentType(mediaType(request))
                .body(BolProblem.of(500, "Internal error in the bol.com sandbox.", request.getRequestURI()));
    }

    private static MediaType mediaType(HttpServletRequest request) {
        return request.getRequestURI().equals(BolTokenController.PATH) ? MediaType.APPLICATION_JSON : BolMediaTypes.V10_JSON;
    }
}
