package io.omnihub.sandbox.square;

import io.omnihub.sandbox.SandboxAdvice;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Spring MVC of the Square sandbox: the guard before every {@code /v2} call and errors in Square's
 * shape. Not a {@code @Configuration}: SquareSandbox registers it in its own server, never the hub.
 */
class SquareWebConfiguration implements WebMvcConfigurer {

    private final SquareApiGuard guard;

    SquareWebConfiguration(SquareApiGuard guard) {
        this.guard = guard;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(guard).addPathPatterns("/v2/**");
    }

    /** Errors of this sandbox's context (its own MVC context: nothing of the hub passes here). */
    @SandboxAdvice
    static class Errors {

        @ExceptionHandler
        ResponseEntity<SquareApiException.Errors> squareError(SquareApiException e) {
            return ResponseEntity.status(e.status()).body(e.body());
        }

        @ExceptionHandler
        ResponseEntity<SquareApiException.Errors> notFound(NoHandlerFoundException e) {
            return squareError(new SquareApiException(404, SquareApiException.INVALID_REQUEST, "NOT_FOUND",
                    "There is no API at " + e.getHttpMethod() + " " + e.getRequestURL() + ".", null));
        }

        @ExceptionHandler
        ResponseEntity<SquareApiException.Errors> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
            return squareError(new SquareApiException(405, SquareApiException.INVALID_REQUEST, "METHOD_NOT_ALLOWED",
                    "The method " + e.getMethod() + " is not allowed here.", null));
        }
    }
}
