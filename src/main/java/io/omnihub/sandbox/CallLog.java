package io.omnihub.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;

/**
 * Every API call a sandbox received, with its headers, body and the status it answered, so a test
 * asserts what really arrived (not what the hub believes it sent). Bounded: the oldest calls are
 * dropped beyond {@code capacity}. Calls to the sandbox's own admin API are not recorded.
 */
public final class CallLog {

    /** Bodies above this size are cut in the log (the platform still sees the whole body). */
    private static final int MAX_BODY = 64 * 1024;

    public record Call(Instant at, String method, String path, String query,
            Map<String, List<String>> headers, String body, int status) {

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }
    }

    private final Deque<Call> calls = new ArrayDeque<>();
    private final int capacity;
    private final Clock clock;

    public CallLog(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized void clear() {
        calls.clear();
    }

    private synchronized void add(Call call) {
        if (calls.size() == capacity) {
            calls.removeFirst();
        }
        calls.addLast(call);
    }

    Filter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                var cached = new ContentCachingRequestWrapper(request, MAX_BODY);
                Instant at = clock.instant();
                try {
                    chain.doFilter(cached, response);
                } finally {
                    add(new Call(at, request.getMethod(), request.getRequestURI(), request.getQueryString(),
                            headersOf(request), new String(cached.getContentAsByteArray(), StandardCharsets.UTF_8),
                            response.getStatus()));
                }
            }

            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return SandboxAdminController.isAdminPath(request);
            }
        };
    }

    private static Map<String, List<String>> headersOf(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
        }
        return headers;
    }
}
