package io.omnihub.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Java types the core reads match their schemas: every component is a schema property, and each example reads whole. */
class CanonicalTypesTest {

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();

    static Stream<Arguments> types() {
        return Stream.of(Arguments.of("inventory-level", InventoryLevel.class),
                Arguments.of("inventory-adjustment", InventoryAdjustment.class),
                Arguments.of("order", Order.class));
    }

    @ParameterizedTest
    @MethodSource("types")
    void everyComponentIsAPropertyOfTheSchema(String entity, Class<? extends Record> type) throws IOException {
        JsonNode properties = resource("/canonical/" + entity + ".schema.json").path("properties");
        assertThat(Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName))
                .allSatisfy(name -> assertThat(properties.has(name)).as(entity + " has property " + name).isTrue());
    }

    @ParameterizedTest
    @MethodSource("types")
    void theExampleRecordReadsWithItsValues(String entity, Class<? extends Record> type) throws IOException {
        JsonNode example = resource("/canonical/examples/" + entity + ".json");
        Record record = JSON.treeToValue(example, type);
        for (RecordComponent component : type.getRecordComponents()) {
            JsonNode given = example.get(component.getName());
            Object read = invoke(component, record);
            if (given == null) {
                assertThat(read).as(entity + "." + component.getName()).isNull();
            } else if (given.isValueNode()) {
                assertThat(String.valueOf(read)).as(entity + "." + component.getName())
                        .isEqualTo(given.isTextual() && read instanceof java.time.Instant
                                ? java.time.OffsetDateTime.parse(given.asText()).toInstant().toString() : given.asText());
            } else {
                assertThat(read).as(entity + "." + component.getName()).isNotNull();
            }
        }
    }

    private static Object invoke(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode resource(String path) throws IOException {
        try (InputStream in = CanonicalTypesTest.class.getResourceAsStream(path)) {
            return JSON.readTree(in);
        }
    }
}
