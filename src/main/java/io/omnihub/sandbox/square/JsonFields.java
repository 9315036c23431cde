package io.omnihub.sandbox.square;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads one JSON object of a request the way Square validates it: every problem becomes a 400
 * naming the field by its path ({@code changes[2].adjustment.quantity}) and Square's error code
 * (MISSING_REQUIRED_PARAMETER, EXPECTED_STRING, INVALID_ENUM_VALUE, INVALID_TIME …).
 */
final class JsonFields {

    /** Square quantities: a non-negative decimal string with at most 5 digits after the point. */
    private static final Pattern QUANTITY = Pattern.compile("\\d{1,12}(\\.\\d{1,5})?");

    private final JsonNode node;
    private final String path;

    private JsonFields(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The request body as a JSON object; unparsable JSON and non-objects are refused. */
    static JsonFields parse(ObjectMapper json, String body) {
        if (body == null || body.isBlank()) {
            throw SquareApiException.invalid("EXPECTED_JSON_BODY", "The request body must be a JSON object; it was empty.", null);
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw SquareApiException.invalid("BAD_REQUEST", "Invalid JSON in the request body: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                            + ", column " + e.getLocation().getColumnNr()), null);
        }
        if (!node.isObject()) {
            throw SquareApiException.invalid("EXPECTED_JSON_BODY", "The request body must be a JSON object.", null);
        }
        return new JsonFields(node, "");
    }

    JsonNode node() {
        return node;
    }

    /** The path of this object in the request ({@code changes[0].adjustment}; empty for the body). */
    String path() {
        return path;
    }

    boolean has(String name) {
        return present(name) != null;
    }

    /** The full path of a field of this object, as Square names it in errors. */
    String path(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    Optional<String> string(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw SquareApiException.invalid("EXPECTED_STRING", "Expected a string value for `" + path(name) + "`.", path(name));
        }
        return Optional.of(value.asText());
    }

    String requiredString(String name) {
        return string(name).orElseThrow(() -> missing(name));
    }

    Optional<Boolean> bool(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw SquareApiException.invalid("EXPECTED_BOOLEAN", "Expected a boolean value for `" + path(name) + "`.", path(name));
        }
        return Optional.of(value.asBoolean());
    }

    Optional<Integer> integer(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw SquareApiException.invalid("EXPECTED_INTEGER", "Expected an integer value for `" + path(name) + "`.", path(name));
        }
        return Optional.of(value.asInt());
    }

    /** The elements of an array field, each readable as an object at {@code name[i]}; empty when absent. */
    List<JsonNode> array(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw SquareApiException.invalid("EXPECTED_ARRAY", "Expected an array value for `" + path(name) + "`.", path(name));
        }
        List<JsonNode> elements = new ArrayList<>();
        value.forEach(elements::add);
        return elements;
    }

    /** The strings of an array field; empty when absent. */
    List<String> strings(String name) {
        List<JsonNode> elements = array(name);
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            if (!elements.get(i).isTextual()) {
                String at = path(name) + "[" + i + "]";
                throw SquareApiException.invalid("EXPECTED_STRING", "Expected a string value for `" + at + "`.", at);
            }
            strings.add(elements.get(i).asText());
        }
        return strings;
    }

    /** Element {@code index} of array {@code name}, which must be an object. */
    JsonFields element(String name, int index, JsonNode element) {
        String at = path(name) + "[" + index + "]";
        if (!element.isObject()) {
            throw SquareApiException.invalid("EXPECTED_OBJECT", "Expected an object value for `" + at + "`.", at);
        }
        return new JsonFields(element, at);
    }

    JsonFields requiredObject(String name) {
        JsonNode value = present(name);
        if (value == null) {
            throw missing(name);
        }
        if (!value.isObject()) {
            throw SquareApiException.invalid("EXPECTED_OBJECT", "Expected an object value for `" + path(name) + "`.", path(name));
        }
        return new JsonFields(value, path(name));
    }

    <E extends Enum<E>> E requiredEnum(String name, Class<E> type) {
        return enumValue(path(name), type, requiredString(name));
    }

    /** Parses one value of an enum, naming the field that held it when it is not one. */
    static <E extends Enum<E>> E enumValue(String field, Class<E> type, String value) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw SquareApiException.invalid("INVALID_ENUM_VALUE", "`" + value + "` is not a valid enum value for `" + field
                    + "`; expected one of " + Arrays.toString(type.getEnumConstants()) + ".", field);
        }
    }

    BigDecimal requiredQuantity(String name) {
        String value = requiredString(name);
        if (!QUANTITY.matcher(value).matches()) {
            throw SquareApiException.invalid("INVALID_VALUE", "`" + path(name) + "` must be a non-negative decimal string"
                    + " with at most 5 digits after the decimal point, not `" + value + "`.", path(name));
        }
        return new BigDecimal(value);
    }

    Optional<Instant> time(String name) {
        return string(name).map(value -> {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw SquareApiException.invalid("INVALID_TIME", "`" + path(name) + "` must be an RFC 3339 timestamp"
                        + " such as 2026-11-23T10:15:00Z, not `" + value + "`.", path(name));
            }
        });
    }

    Instant requiredTime(String name) {
        return time(name).orElseThrow(() -> missing(name));
    }

    private JsonNode present(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private SquareApiException missing(String name) {
        return SquareApiException.invalid("MISSING_REQUIRED_PARAMETER", "Missing required parameter `" + path(name) + "`.", path(name));
    }
}
