package io.omnihub.sandbox.bol;

import io.omnihub.sandbox.SandboxApi;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The login of login.bol.com/token, served on the sandbox's own port as {@code POST /token}. The
 * grant type may come as form field or query parameter (bol's own examples use the query).
 */
@SandboxApi
final class BolTokenController {

    static final String PATH = "/token";

    private final BolTokens tokens;

    BolTokenController(BolTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping(PATH)
    ResponseEntity<BolTokens.Token> token(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam(name = "grant_type", required = false) String grantType) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noStore())
                .body(tokens.issue(authorization, grantType));
    }
}
