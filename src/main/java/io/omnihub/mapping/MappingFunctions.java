package io.omnihub.mapping;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.schibsted.spt.data.jslt.Function;
import com.schibsted.spt.data.jslt.JsltException;

/**
 * The functions mapping files can call besides JSLT's own:
 * <ul>
 *   <li>{@code xref(system, entity, id)}: the canonical id of a record the system creates (an order,
 *       a line, a customer), registered on first sight;</li>
 *   <li>{@code xref-known(system, entity, id)}: the canonical id of reference data (a SKU, a location)
 *       that was linked before; an unknown id fails the record instead of inventing one;</li>
 *   <li>{@code xref-out(system, entity, canonicalId)}: the system's id for a canonical record, or null;</li>
 *   <li>{@code lookup(table, key)}: a value from {@code mappings/<system>/lookups/<table>.csv}, or null;</li>
 *   <li>{@code decimal-add(a, b, ...)} (arrays are added up), {@code decimal-sub(a, b)},
 *       {@code decimal-mul(a, b)}, {@code decimal-div(a, b, digits)}, {@code decimal-scale(a, digits)},
 *       {@code decimal-strip(a)} (no trailing zeros: "21.00" -> "21"):
 *       exact decimal arithmetic on numbers or decimal strings, answering decimal strings, rounding
 *       half-even where digits are given (money is never computed in floating point);</li>
 *   <li>{@code utc(timestamp)}: an ISO-8601 timestamp with any offset, or epoch milliseconds, as UTC
 *       ({@code 2026-11-23T09:15:01.998Z}); {@code utc(localTime, zone)} reads a local date-time
 *       without offset in that zone, e.g. {@code utc(.booked_at, "Europe/Amsterdam")};</li>
 *   <li>{@code local-time(timestamp, zone)}: the other way, an ISO-8601 timestamp with an offset as
 *       local time in that zone, to the second, for systems that store it so
 *       ({@code local-time("2026-07-01T21:30:00Z", "Europe/Amsterdam")} is {@code 2026-07-01 23:30:00}).</li>
 * </ul>
 */
public final class MappingFunctions {

    /** Local time as systems without offsets write it (ERP staging tables). */
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private MappingFunctions() {
    }

    /** The functions for the mappings of one system (its lookup tables are its own). */
    static List<Function> forSystem(IdLookup ids, Map<String, Map<String, String>> lookupTables) {
        return List.of(
                function("xref", 3, 3, args -> TextNode.valueOf(ids.canonicalId(text(args[0]), text(args[1]), text(args[2])))),
                function("xref-known", 3, 3, args -> TextNode.valueOf(ids.knownCanonicalId(
                        text(args[0]), text(args[1]), text(args[2])).orElseThrow(() -> new JsltException(
                        "No canonical id for " + text(args[0]) + " " + text(args[1]) + " " + text(args[2])
                                + "; reference data is linked by its own sync, not created by a mapping")))),
                function("xref-out", 3, 3, args -> ids.externalId(text(args[0]), text(args[1]), text(args[2]))
                        .<JsonNode>map(TextNode::valueOf).orElse(NullNode.instance)),
                function("lookup", 2, 2, args -> {
                    Map<String, String> table = lookupTables.get(text(args[0]));
                    if (table == null) {
                        throw new JsltException("No lookup table '" + text(args[0]) + "'; tables: " + lookupTables.keySet());
                    }
                    String value = args[1].isNull() ? null : table.get(args[1].asText());
                    return value == null ? NullNode.instance : TextNode.valueOf(value);
                }),
                function("decimal-add", 1, 64, args -> {
                    BigDecimal sum = BigDecimal.ZERO;
                    for (JsonNode arg : args) {
                        // an array adds up its elements: decimal-add([for (.lines) .total])
                        for (JsonNode value : arg.isArray() ? arg : List.of(arg)) {
                            sum = sum.add(decimal(value));
                        }
                    }
                    return decimalText(sum);
                }),
                function("decimal-sub", 2, 2, args -> decimalText(decimal(args[0]).subtract(decimal(args[1])))),
                function("decimal-mul", 2, 2, args -> decimalText(decimal(args[0]).multiply(decimal(args[1])))),
                function("decimal-div", 3, 3, args -> {
                    BigDecimal divisor = decimal(args[1]);
                    if (divisor.signum() == 0) {
                        throw new JsltException("decimal-div(): division by zero");
                    }
                    return decimalText(decimal(args[0]).divide(divisor, args[2].asInt(), RoundingMode.HALF_EVEN));
                }),
                function("decimal-strip", 1, 1, args -> decimalText(decimal(args[0]).stripTrailingZeros())),
                function("decimal-scale", 2, 2, args ->
                        decimalText(decimal(args[0]).setScale(args[1].asInt(), RoundingMode.HALF_EVEN))),
                function("utc", 1, 2, args -> args[0].isNull() ? NullNode.instance
                        : TextNode.valueOf(utc(args[0], args.length > 1 ? text(args[1]) : null))),
                function("local-time", 2, 2, args -> args[0].isNull() ? NullNode.instance
                        : TextNode.valueOf(localTime(args[0].asText(), text(args[1])))));
    }

    private static String localTime(String timestamp, String zone) {
        try {
            return LOCAL_TIME.format(OffsetDateTime.parse(timestamp).atZoneSameInstant(ZoneId.of(zone)));
        } catch (DateTimeParseException e) {
            throw new JsltException("local-time(): '" + timestamp + "' is not an ISO-8601 timestamp with an offset");
        } catch (DateTimeException e) {
            throw new JsltException("local-time(): unknown time zone '" + zone + "'");
        }
    }

    private static String utc(JsonNode value, String zone) {
        if (value.isIntegralNumber()) {
            return Instant.ofEpochMilli(value.asLong()).toString();
        }
        String text = value.asText();
        try {
            if (zone != null) {
                // systems that write local time (ERP staging tables: "2026-11-23 10:00:00")
                return LocalDateTime.parse(text.replace(' ', 'T')).atZone(ZoneId.of(zone)).toInstant().toString();
            }
            return OffsetDateTime.parse(text).toInstant().toString();
        } catch (DateTimeParseException e) {
            throw new JsltException("utc(): '" + text + "' is not an ISO-8601 timestamp "
                    + (zone == null ? "with an offset" : "in local time"));
        } catch (DateTimeException e) {
            throw new JsltException("utc(): unknown time zone '" + zone + "'");
        }
    }

    private static BigDecimal decimal(JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        try {
            return new BigDecimal(value.asText());
        } catch (NumberFormatException e) {
            throw new JsltException("'" + value.asText() + "' is not a decimal number");
        }
    }

    private static JsonNode decimalText(BigDecimal value) {
        return TextNode.valueOf(value.toPlainString());
    }

    private static String text(JsonNode value) {
        if (value.isNull()) {
            throw new JsltException("an id argument is null");
        }
        return value.asText();
    }

    /** A JSLT function from a lambda over its arguments. */
    public static Function function(String name, int min, int max, Body body) {
        return new Function() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public int getMinArguments() {
                return min;
            }

            @Override
            public int getMaxArguments() {
                return max;
            }

            @Override
            public JsonNode call(JsonNode input, JsonNode[] arguments) {
                return body.apply(arguments);
            }
        };
    }

    @FunctionalInterface
    public interface Body {
        JsonNode apply(JsonNode[] arguments);
    }
}
