package io.omnihub.inbound.files;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSON array of row objects. Scalar values become text (decimals as written); an element that is
 * no object, or a nested value, makes that row malformed; broken JSON breaks the file.
 */
final class JsonRows extends RowIterator {

    // decimals as written ("12.50"), never through a double
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final JsonParser parser;

    JsonRows(String text) {
        try {
            parser = JSON.createParser(text);
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                JsonLocation at = parser.currentTokenLocation();
                throw new UnreadableFileException(at.getLineNr(), at.getColumnNr(),
                        "expected a JSON array of row objects, found " + (first == null ? "nothing" : describe(first)));
            }
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    @Override
    protected PartnerRow read() {
        try {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY) {
                if (parser.nextToken() != null) {
                    JsonLocation at = parser.currentTokenLocation();
                    throw new UnreadableFileException(at.getLineNr(), at.getColumnNr(), "content after the array's closing ]");
                }
                return null;
            }
            long line = parser.currentTokenLocation().getLineNr();
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return PartnerRow.malformed(line, null, "expected a row object, found " + describe(token));
            }
            ObjectNode object = parser.readValueAsTree();
            ObjectNode fields = fields();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode value = field.getValue();
                if (value.isContainerNode()) {
                    return PartnerRow.malformed(line, field.getKey(), "holds " + (value.isArray() ? "an array" : "an object")
                            + "; expected text or a number");
                }
                if (!value.isNull()) {
                    put(fields, field.getKey(), value.asText());
                }
            }
            return PartnerRow.of(line, fields);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "text";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private static UnreadableFileException malformed(IOException e) {
        if (e instanceof JsonProcessingException j && j.getLocation() != null) {
            return new UnreadableFileException(j.getLocation().getLineNr(), j.getLocation().getColumnNr(),
                    j.getOriginalMessage());
        }
        return new UnreadableFileException(e.getMessage());
    }
}
