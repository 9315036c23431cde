package io.omnihub.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Reads a request body the way every HTTP entrance does: size limit first, then strict UTF-8 JSON with the position of any error. */
public final class JsonBodies {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonBodies() {
    }

    /**
     * The raw body bytes, refused with 413 when over {@code maxBytes} (by Content-Length before reading,
     * then by size) and with 400 when empty. {@code limitSetting} names the property to raise.
     */
    public static byte[] bytes(Message in, long maxBytes, String limitSetting) {
        refuseDeclaredLength(in.getHeader(Exchange.CONTENT_LENGTH, Long.class), maxBytes, limitSetting);
        byte[] body = in.getBody(byte[].class);
        if (body != null && body.length > maxBytes) {
            throw tooLarge("Request body of " + body.length + " bytes", maxBytes, limitSetting);
        }
        return nonEmpty(body);
    }

    /**
     * The same for a servlet request: refused by Content-Length before reading, and never more than
     * one byte over the limit read, so a body streamed without a length cannot fill the memory.
     */
    public static byte[] bytes(HttpServletRequest request, long maxBytes, String limitSetting) throws IOException {
        long declared = request.getContentLengthLong();
        refuseDeclaredLength(declared < 0 ? null : declared, maxBytes, limitSetting);
        byte[] body = request.getInputStream().readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
        if (body.length > maxBytes) {
            throw tooLarge("Request body", maxBytes, limitSetting);
        }
        return nonEmpty(body);
    }

    private static void refuseDeclaredLength(Long declaredLength, long maxBytes, String limitSetting) {
        if (declaredLength != null && declaredLength > maxBytes) {
            throw tooLarge("Request body of " + declaredLength + " bytes", maxBytes, limitSetting);
        }
    }

    private static byte[] nonEmpty(byte[] body) {
        if (body == null || body.length == 0) {
            throw RejectedInputException.badRequest("Request body is empty; expected a JSON object");
        }
        return body;
    }

    /** Parses a JSON object; anything else is a 400 naming line and column. */
    public static JsonNode object(byte[] body) {
        try {
            // strictly UTF-8 (RFC 8259): Jackson would also guess UTF-16/32, which the store would mangle
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw RejectedInputException.badRequest("Request body is not valid UTF-8");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw RejectedInputException.badRequest("Malformed JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw RejectedInputException.badRequest("Unreadable request body: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw RejectedInputException.badRequest("Request body holds no JSON value");
        }
        if (!node.isObject()) {
            throw RejectedInputException.badRequest("Request body must be a JSON object, got " + node.getNodeType());
        }
        return node;
    }

    private static RejectedInputException tooLarge(String what, long maxBytes, String limitSetting) {
        return new RejectedInputException(413, what + " is over the limit of "
                + maxBytes + " bytes (" + limitSetting + ")");
    }
}
