package io.omnihub.sandbox.bol;

import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What bol checks before an API call reaches its resource, in this order: a valid, unexpired bearer
 * token (401), the rate limit of the method and path (429 with Retry-After; the x-ratelimit-* headers
 * go on every answer from here on), the Accept header (406) and on writes the Content-Type (415).
 * Only the API paths are guarded; the token endpoint and the admin API are not.
 */
final class BolApiGuard implements HandlerInterceptor, WebMvcConfigurer {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH");

    private final BolTokens tokens;
    private final BolRateLimiter limits;

    BolApiGuard(BolTokens tokens, BolRateLimiter limits) {
        this.tokens = tokens;
        this.limits = limits;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/retailer/**", "/shared/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String clientId = tokens.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
        limits.acquire(clientId, request.getMethod(), request.getRequestURI()).ifPresent(decision -> {
            response.setHeader("x-ratelimit-limit", Integer.toString(decision.limit()));
            response.setHeader("x-ratelimit-remaining", Integer.toString(decision.remaining()));
            response.setHeader("x-ratelimit-reset", Long.toString(decision.resetSeconds()));
            if (!decision.allowed()) {
                throw BolException.tooManyRequests(decision.resetSeconds());
            }
        });
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (!namesV10Json(accept == null ? List.of() : parse(accept))) {
            throw BolException.of(406, "Accept header '" + accept + "' is not supported; use "
                    + BolMediaTypes.V10_JSON_VALUE + ".");
        }
        String contentType = request.getContentType();
        if (WRITES.contains(request.getMethod()) && !namesV10Json(contentType == null ? List.of() : parse(contentType))) {
            throw BolException.of(415, "Content-Type '" + contentType + "' is not supported; use "
                    + BolMediaTypes.V10_JSON_VALUE + ".");
        }
        response.setContentType(BolMediaTypes.V10_JSON_VALUE);
        return true;
    }

    /** Strict on purpose: only the v10 type itself passes, no wildcard, so a client that forgets the header finds out here. */
    private static boolean namesV10Json(List<MediaType> types) {
        return types.stream().anyMatch(BolMediaTypes.V10_JSON::equalsTypeAndSubtype);
    }

    private static List<MediaType> parse(String header) {
        try {
            return MediaType.parseMediaTypes(header);
        } catch (InvalidMediaTypeException e) {
            return List.of();
        }
    }
}
