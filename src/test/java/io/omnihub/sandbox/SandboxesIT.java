package io.omnihub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.omnihub.sandbox.bol.BolSandbox;
import io.omnihub.sandbox.erp.ErpSandbox;
import io.omnihub.sandbox.shopify.ShopifySandbox;
import io.omnihub.sandbox.square.SquareSandbox;
import io.omnihub.support.HubIntegrationTest;

/**
 * The default run starts every sandbox beside the hub, each on its own loopback port with its
 * admin API, and none of their endpoints answer on the hub's own port.
 */
class SandboxesIT extends HubIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    BolSandbox bol;

    @Autowired
    SquareSandbox square;

    @Autowired
    ErpSandbox erp;

    @Autowired
    ShopifySandbox shopify;

    @Test
    void everySandboxAnswersOnItsOwnPortAndNotOnTheHubs() throws Exception {
        Map<String, Integer> ports = Map.of("shopify", shopify.port(), "bol", bol.port(), "square", square.port(), "erp", erp.port());
        for (var sandbox : ports.entrySet()) {
            assertThat(sandbox.getValue()).as(sandbox.getKey()).isNotEqualTo(port);
            HttpResponse<String> faults = get("http://127.0.0.1:" + sandbox.getValue() + "/_sandbox/faults");
            assertThat(faults.statusCode()).as(sandbox.getKey()).isEqualTo(200);
            assertThat(faults.body()).contains("\"serverErrors\":0");
        }
        assertThat(get("http://127.0.0.1:" + port + "/_sandbox/faults").statusCode()).isIn(404, 405);
        assertThat(hub().post("/token", "application/x-www-form-urlencoded", "grant_type=client_credentials").statusCode())
                .isIn(404, 405);
        assertThat(get("http://127.0.0.1:" + port + "/v2/locations").statusCode()).isIn(404, 405);
        assertThat(hub().post("/admin/api/2026-04/graphql.json", "application/json", "{\"query\":\"{shop{name}}\"}").statusCode())
                .isIn(404, 405);
    }

    @Test
    void theSandboxesShareOneSeededRetailer() throws Exception {
        HttpResponse<String> offers = get(bol.baseUrl() + "/_sandbox/offers?reference=TR2-LW-GRN");
        assertThat(offers.body()).contains("6ff736b5-cdd0-4150-8c67-78269ee986f5").contains("8712345001018");
        HttpResponse<String> counts = get(square.baseUrl() + "/_sandbox/counts?sku=TR2-LW-GRN");
        assertThat(counts.body()).contains("FGQ5HJXZQJ4NW5RJ3VKQAMLB");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
