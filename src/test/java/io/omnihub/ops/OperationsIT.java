package io.omnihub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.omnihub.support.CanonicalRecords;
import io.omnihub.support.HubIntegrationTest;

/** What an operator reaches in the embedded default: health probes, Prometheus, Hawtio and Jolokia. */
class OperationsIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readinessIncludesDatabaseAndKafka() throws Exception {
        HttpResponse<String> readiness = get("/actuator/health/readiness");

        assertThat(readiness.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(readiness.body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
        // .ci/run sets this for its PostgreSQL pass, so that pass proves it ran on PostgreSQL
        String expectedDatabase = System.getenv().getOrDefault("OMNIHUB_IT_EXPECTED_DATABASE", "H2");
        assertThat(health.at("/components/db/details/database").asText()).isEqualTo(expectedDatabase);
        assertThat(health.at("/components/kafka/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/kafka/details/nodes").asInt()).isEqualTo(1);
        assertThat(health.at("/components/camelHealth/status").asText()).isEqualTo("UP");

        assertThat(JSON.readTree(get("/actuator/health/liveness").body()).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void prometheusShowsCamelRouteMetrics() throws Exception {
        assertThat(post("/api/ingest/inventory-level", "application/json",
                CanonicalRecords.inventoryLevel("metrics-probe", 1)).statusCode()).isEqualTo(202);

        HttpResponse<String> metrics = get("/actuator/prometheus");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).containsPattern("(?m)^camel_exchanges_total\\{.*routeId=\"ingest-http\".*} [1-9]");
    }

    @Test
    void hawtioAnswersAndJolokiaListsTheCamelContextAndRoutes() throws Exception {
        assertThat(get("/actuator/hawtio/").statusCode()).isEqualTo(200);

        JsonNode search = jolokia("{\"type\":\"search\",\"mbean\":\"org.apache.camel:*\"}");
        assertThat(search.get("status").asInt()).isEqualTo(200);
        assertThat(search.get("value").toString())
                .contains("type=context")
                .contains("type=routes")
                .contains("name=\\\"ingest-http\\\"")
                .contains("name=\\\"ingest-store\\\"");
    }

    @Test
    void hawtioCanDrawTheRouteDiagram() throws Exception {
        // Hawtio's Camel plugin reads the routes as XML through this operation to draw the diagram
        JsonNode dump = jolokia("{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=omnihub,type=context,"
                + "name=\\\"omnihub\\\"\",\"operation\":\"dumpRoutesAsXml()\"}");

        assertThat(dump.get("status").asInt()).as(dump.toString()).isEqualTo(200);
        assertThat(dump.get("value").asText()).contains("id=\"ingest-http\"").contains("publish-event");
    }

    private JsonNode jolokia(String request) throws Exception {
        HttpResponse<String> response = post("/actuator/jolokia", "application/json", request);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
