package io.omnihub.inbound;

import com.fasterxml.jackson.databind.JsonNode;

import io.omnihub.api.RejectedInputException;

/** Required parts of a webhook request, refused with a 400 that names the header or field. */
final class Headers {

    /** Event ids and topics go into indexed columns of this size. */
    private static final int MAX_LENGTH = 128;

    private Headers() {
    }

    static String required(WebhookScheme.RequestHeaders headers, String header) {
        return checked(headers.get(header), "Header " + header);
    }

    static String requiredField(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return checked(value != null && value.isTextual() ? value.asText() : null, "Field '" + field + "'");
    }

    private static String checked(String value, String what) {
        if (value == null || value.isBlank()) {
            throw RejectedInputException.badRequest(what + " is missing");
        }
        if (value.length() > MAX_LENGTH) {
            throw RejectedInputException.badRequest(what + " is longer than " + MAX_LENGTH + " characters");
        }
        return value;
    }
}
