package io.omnihub.sandbox.bol;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.util.AntPathMatcher;

import io.omnihub.sandbox.bol.BolSandboxProperties.RateLimit;

/**
 * bol's rate limits: a fixed window per client and rule, the rule being the first of the settings
 * whose method and path pattern match the call.
 */
final class BolRateLimiter {

    private final List<RateLimit> rules;
    private final FixedWindows windows;
    private final AntPathMatcher paths = new AntPathMatcher();

    BolRateLimiter(List<RateLimit> rules, Clock clock) {
        this.rules = List.copyOf(rules);
        this.windows = new FixedWindows(clock);
    }

    /** Counts the call against its rule; empty when no rule applies (the call is not limited). */
    Optional<FixedWindows.Decision> acquire(String clientId, String method, String path) {
        for (int i = 0; i < rules.size(); i++) {
            RateLimit rule = rules.get(i);
            if (rule.appliesToMethod(method) && paths.match(rule.path(), path)) {
                return Optional.of(windows.acquire(clientId + " #" + i, rule.limit(), rule.window()));
            }
        }
        return Optional.empty();
    }
}
