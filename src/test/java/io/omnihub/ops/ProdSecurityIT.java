package io.omnihub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.omnihub.OmnihubApplication;
import io.omnihub.support.HubClient;
import io.omnihub.support.HubIntegrationTest;

/** Under the prod profile the admin surface needs the credentials from the environment. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "omnihub.kafka.embedded.port=0",
        "omnihub.kafka.embedded.controller-port=0",
        "omnihub.admin.username=operator",
        "omnihub.admin.password=s3cret-for-tests"})
@ActiveProfiles("prod")
class ProdSecurityIT {

    private static final Path DATA_DIR = HubIntegrationTest.newDataDir("prod");
    private static final List<String> ADMIN_PATHS = List.of(
            "/actuator/hawtio/", "/actuator/jolokia", "/actuator/prometheus", "/actuator/metrics",
            "/actuator/camelroutes", "/api/events/product/1", "/api/outbound/dead-letters");

    private static final String OPERATOR = basic("operator", "s3cret-for-tests");

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext context;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("omnihub.data-dir", DATA_DIR::toString);
    }

    @Test
    void unauthenticatedAdminRequestsAreRefused() throws Exception {
        HubClient hub = new HubClient(port);
        for (String path : ADMIN_PATHS) {
            assertThat(hub.get(path).statusCode()).as(path).isEqualTo(401);
            assertThat(hub.get(path, "Authorization", basic("operator", "wrong")).statusCode()).as(path).isEqualTo(401);
        }
        HttpResponse<String> ingest = hub.post("/api/ingest/product", "application/json", "{\"id\":\"x\"}");
        assertThat(ingest.statusCode()).isEqualTo(401);
    }

    @Test
    void webhooksNeedNoLoginButAnUnsignedOneIsRefusedByTheInbox() throws Exception {
        HttpResponse<String> unsigned = new HubClient(port).post("/webhooks/shopify/omnihub-outdoor", "application/json", "{}");
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).contains("X-Shopify-Hmac-Sha256");

        // the local sandbox's test key, which the embedded default trusts, is no key under prod
        String body = "{\"inventory_item_id\": 1}";
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("sandbox-shopify-client-secret".getBytes(), "HmacSHA256"));
        String sandboxSigned = java.util.Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes()));
        assertThat(new HubClient(port).post("/webhooks/shopify/omnihub-outdoor", "application/json", body,
                "X-Shopify-Hmac-Sha256", sandboxSigned, "X-Shopify-Topic", "inventory_levels/update",
                "X-Shopify-Event-Id", "prod-it-1").statusCode()).isEqualTo(401);
    }

    @Test
    void noSandboxRunsUnderProd() {
        assertThat(context.getBeansOfType(io.omnihub.sandbox.ReferenceRetailer.class)).isEmpty();
        assertThat(context.getBeanNamesForAnnotation(io.omnihub.sandbox.SandboxApi.class)).isEmpty();
    }

    @Test
    void noSandboxCredentialsOrTargetsApplyUnderProd() {
        var outbound = context.getBean(io.omnihub.outbound.OutboundProperties.class);
        assertThat(List.of(outbound.shopify().baseUrl(), outbound.shopify().accessToken(), outbound.bol().baseUrl(),
                outbound.bol().clientId(), outbound.bol().clientSecret(), outbound.square().baseUrl(),
                outbound.square().accessToken())).allMatch(String::isEmpty);
        assertThat(context.getBean(io.omnihub.outbound.OutboundTargets.class).targets()).isEmpty();
    }

    @Test
    void theOperatorGetsInWithTheConfiguredCredentials() throws Exception {
        HubClient hub = new HubClient(port);
        for (String path : ADMIN_PATHS) {
            assertThat(hub.get(path, "Authorization", OPERATOR).statusCode())
                    .as(path).isEqualTo(200);
        }
    }

    @Test
    void healthProbesStayOpenButShowDetailsOnlyToTheOperator() throws Exception {
        HubClient hub = new HubClient(port);
        assertThat(hub.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        HttpResponse<String> anonymous = hub.get("/actuator/health/readiness");
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.body()).contains("\"UP\"").doesNotContain("clusterId").doesNotContain("components");

        HttpResponse<String> operator = hub.get("/actuator/health/readiness", "Authorization", OPERATOR);
        assertThat(operator.body()).contains("clusterId");
    }

    @Test
    void jolokiaWritesFromABrowserNeedTheXsrfToken() throws Exception {
        HubClient hub = new HubClient(port);
        String search = "{\"type\":\"search\",\"mbean\":\"org.apache.camel:*\"}";

        // a forged cross-site POST carries the browser's Basic credentials but not the token
        assertThat(hub.post("/actuator/jolokia", "text/plain", search, "Authorization", OPERATOR).statusCode())
                .isEqualTo(403);

        HttpResponse<String> page = hub.get("/actuator/hawtio/", "Authorization", OPERATOR);
        String token = page.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("XSRF-TOKEN="))
                .map(c -> c.substring("XSRF-TOKEN=".length(), c.indexOf(';')))
                .findFirst().orElseThrow();
        HttpResponse<String> hawtio = hub.post("/actuator/jolokia", "text/plain", search, "Authorization", OPERATOR,
                "Cookie", "XSRF-TOKEN=" + token, "X-XSRF-TOKEN", token);
        assertThat(hawtio.statusCode()).isEqualTo(200);
        assertThat(hawtio.body()).contains("type=routes");
    }

    @Test
    void theHubRefusesToStartUnderProdWithoutCredentials() {
        SpringApplicationBuilder app = new SpringApplicationBuilder(OmnihubApplication.class).profiles("prod");

        assertThatThrownBy(() -> app.run("--server.port=0", "--spring.jmx.enabled=false",
                        "--omnihub.kafka.bootstrap-servers=127.0.0.1:1",
                        "--omnihub.admin.username=", "--omnihub.admin.password=",
                        "--omnihub.data-dir=" + HubIntegrationTest.newDataDir("prod-nocreds")).close())
                .hasStackTraceContaining("OMNIHUB_ADMIN_USERNAME and OMNIHUB_ADMIN_PASSWORD are not both set");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
