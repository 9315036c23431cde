package io.omnihub.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The canonical schemas accept the reference retailer's records and name the path of what breaks them. */
class CanonicalSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ENTITIES = List.of("product", "price", "location", "inventory-level",
            "inventory-adjustment", "customer", "order", "fulfilment", "return", "loyalty-entry", "availability");
    private static final CanonicalSchemas SCHEMAS = new CanonicalSchemas(ENTITIES);

    static Stream<String> entities() {
        return ENTITIES.stream();
    }

    @ParameterizedTest
    @MethodSource("entities")
    void theExampleRecordIsValid(String entity) throws IOException {
        assertThat(SCHEMAS.validate(entity, example(entity))).isEmpty();
    }

    static Stream<Arguments> brokenRecords() {
        return Stream.of(
                // money is never a floating-point number
                Arguments.of("price", "/unitPrice/amount", JSON.getNodeFactory().numberNode(49.95), "/unitPrice/amount"),
                Arguments.of("price", "/unitPrice/amount", JSON.getNodeFactory().textNode("49.99999"), "/unitPrice/amount"),
                Arguments.of("price", "/unitPrice/currency", JSON.getNodeFactory().textNode("eur"), "/unitPrice/currency"),
                Arguments.of("inventory-level", "/sku", JSON.getNodeFactory().textNode("TENT 2P"), "/sku"),
                Arguments.of("inventory-level", "/reserved", JSON.getNodeFactory().numberNode(-1), "/reserved"),
                Arguments.of("inventory-level", "/onHand", JSON.getNodeFactory().numberNode(1.5), "/onHand"),
                Arguments.of("inventory-level", "/updatedAt", JSON.getNodeFactory().textNode("yesterday"), "/updatedAt"),
                // a channel is never told a negative number
                Arguments.of("availability", "/available", JSON.getNodeFactory().numberNode(-1), "/available"),
                Arguments.of("inventory-adjustment", "/delta", JSON.getNodeFactory().numberNode(0), "/delta"),
                Arguments.of("product", "/variants/0/gtin", JSON.getNodeFactory().textNode("12345678901"),
                        "/variants/0/gtin"),
                Arguments.of("customer", "/email", JSON.getNodeFactory().textNode("not-an-address"), "/email"),
                Arguments.of("order", "/shopifyOrderGid", JSON.getNodeFactory().textNode("gid://shopify/Order/1"), ""));
    }

    @ParameterizedTest
    @MethodSource("brokenRecords")
    void aBrokenRecordIsRefusedNamingThePath(String entity, String pointer, JsonNode value, String expectedPath)
            throws IOException {
        JsonNode record = example(entity);
        JsonPointer at = JsonPointer.compile(pointer);
        ((ObjectNode) record.at(at.head())).set(at.last().getMatchingProperty(), value);

        List<SchemaViolation> violations = SCHEMAS.validate(entity, record);

        assertThat(violations).as(entity + " with " + pointer + " = " + value).isNotEmpty();
        assertThat(violations).extracting(SchemaViolation::path).contains(expectedPath);
    }

    @Test
    void anUnknownEntityIsAnError() {
        assertThatThrownBy(() -> SCHEMAS.validate("unicorn", JSON.createObjectNode()))
                .hasMessage("No canonical schema for entity 'unicorn'");
    }

    private static JsonNode example(String entity) throws IOException {
        try (InputStream in = CanonicalSchemasTest.class.getResourceAsStream("/canonical/examples/" + entity + ".json")) {
            return JSON.readTree(in);
        }
    }
}
