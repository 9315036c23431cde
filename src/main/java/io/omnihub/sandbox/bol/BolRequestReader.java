package io.omnihub.sandbox.bol;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.omnihub.sandbox.bol.BolWire.BundlePrice;

/**
 * Reads a request body the way bol validates it against its OpenAPI schema: every broken field is
 * collected as a violation named by its path ({@code pricing.bundlePrices[0].unitPrice}) and all of
 * them are reported at once by {@link #check()} as a 400. Each read takes the node ({@code path()}
 * of its parent, so a missing field is a missing node) and the name to report.
 */
final class BolRequestReader {

    private final List<BolProblem.Violation> violations = new ArrayList<>();

    /** Throws the 400 with every violation found so far; returns when there were none. */
    void check() {
        if (!violations.isEmpty()) {
            throw BolException.invalid(violations);
        }
    }

    /** A query parameter as a node, numeric when it is a number, so the body checks apply to it too. */
    static JsonNode query(String value) {
        if (value == null) {
            return MissingNode.getInstance();
        }
        return value.matches("-?\\d{1,9}") ? IntNode.valueOf(Integer.parseInt(value)) : TextNode.valueOf(value);
    }

    /** The body itself must be a JSON object; answers at once, as nothing else can be read. */
    static JsonNode body(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw BolException.invalid("body", "Request body must be a JSON object.");
        }
        return body;
    }

    String text(JsonNode value, String name, boolean required, int minLength, int maxLength) {
        if (absent(value, name, required)) {
            return null;
        }
        if (!value.isTextual()) {
            return reject(name, invalidValue(value));
        }
        int length = value.textValue().length();
        if (length < minLength || length > maxLength) {
            return reject(name, "size must be between " + minLength + " and " + maxLength);
        }
        return value.textValue();
    }

    /** A GTIN: EAN-8 to GTIN-14 digits. */
    String ean(JsonNode value, String name) {
        String ean = text(value, name, true, 1, 14);
        return ean == null || ean.matches("\\d{8,14}") ? ean : reject(name, invalidValue(value));
    }

    /** Text that must be one of {@code allowed}. */
    String choice(JsonNode value, String name, boolean required, List<String> allowed) {
        if (absent(value, name, required)) {
            return null;
        }
        if (!value.isTextual() || !allowed.contains(value.textValue())) {
            return reject(name, "Request contains invalid value(s): '" + raw(value) + "', allowed values: "
                    + String.join(", ", allowed) + ".");
        }
        return value.textValue();
    }

    Integer integer(JsonNode value, String name, boolean required, int min, int max) {
        if (absent(value, name, required)) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            return reject(name, invalidValue(value));
        }
        return inRange(value.intValue(), name, min, max) ? value.intValue() : null;
    }

    Boolean bool(JsonNode value, String name, boolean required) {
        if (absent(value, name, required)) {
            return null;
        }
        return value.isBoolean() ? value.booleanValue() : reject(name, invalidValue(value));
    }

    /** An object to read further; null (with a violation if required) when missing or not an object. */
    JsonNode object(JsonNode value, String name, boolean required) {
        if (absent(value, name, required)) {
            return null;
        }
        return value.isObject() ? value : reject(name, invalidValue(value));
    }

    /** An array of {@code min} to {@code max} items; empty (with a violation) when broken. */
    List<JsonNode> array(JsonNode value, String name, int min, int max) {
        if (absent(value, name, true)) {
            return List.of();
        }
        if (!value.isArray()) {
            reject(name, invalidValue(value));
            return List.of();
        }
        if (value.size() < min || value.size() > max) {
            reject(name, "size must be between " + min + " and " + max);
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return items;
    }

    /**
     * {@code pricing.bundlePrices}: 1 to 4 prices, quantity 1 to 24 (1 present, increasing), unit
     * price 1 to 9999 with at most 2 decimals (decreasing), as bol's Pricing schema says.
     */
    List<BundlePrice> pricing(JsonNode pricing, String name) {
        JsonNode object = object(pricing, name, true);
        if (object == null) {
            return List.of();
        }
        String listName = name + ".bundlePrices";
        List<BundlePrice> prices = new ArrayList<>();
        List<JsonNode> items = array(object.path("bundlePrices"), listName, 1, 4);
        for (int i = 0; i < items.size(); i++) {
            String itemName = listName + "[" + i + "]";
            Integer quantity = integer(items.get(i).path("quantity"), itemName + ".quantity", true, 1, 24);
            BigDecimal unitPrice = price(items.get(i).path("unitPrice"), itemName + ".unitPrice");
            if (quantity != null && unitPrice != null) {
                prices.add(new BundlePrice(quantity, unitPrice));
            }
        }
        if (prices.size() == items.size() && !items.isEmpty()) {
            checkTiers(prices, listName);
        }
        return prices;
    }

    private BigDecimal price(JsonNode value, String name) {
        if (absent(value, name, true)) {
            return null;
        }
        if (!value.isNumber()) {
            return reject(name, invalidValue(value));
        }
        BigDecimal price = value.decimalValue().stripTrailingZeros();
        if (price.compareTo(BigDecimal.ONE) < 0 || price.compareTo(BigDecimal.valueOf(9999)) > 0) {
            return reject(name, "must be between 1 and 9999");
        }
        return price.scale() > 2 ? reject(name, "must have at most 2 decimals") : price.setScale(2);
    }

    private void checkTiers(List<BundlePrice> prices, String name) {
        if (prices.get(0).quantity() != 1) {
            reject(name, "a bundle price with quantity 1 must be present and come first");
        }
        for (int i = 1; i < prices.size(); i++) {
            if (prices.get(i).quantity() <= prices.get(i - 1).quantity()
                    || prices.get(i).unitPrice().compareTo(prices.get(i - 1).unitPrice()) >= 0) {
                reject(name, "quantities must increase and unit prices decrease");
                return;
            }
        }
    }

    private boolean inRange(int value, String name, int min, int max) {
        if (value < min) {
            reject(name, "must be greater than or equal to " + min);
            return false;
        }
        if (value > max) {
            reject(name, "must be less than or equal to " + max);
            return false;
        }
        return true;
    }

    private boolean absent(JsonNode value, String name, boolean required) {
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                reject(name, "must not be null");
            }
            return true;
        }
        return false;
    }

    private <T> T reject(String name, String reason) {
        violations.add(new BolProblem.Violation(name, reason));
        return null;
    }

    private static String invalidValue(JsonNode value) {
        return "Request contains invalid value(s): '" + raw(value) + "'.";
    }

    private static String raw(JsonNode value) {
        return value.isTextual() ? value.textValue() : value.toString();
    }
}
