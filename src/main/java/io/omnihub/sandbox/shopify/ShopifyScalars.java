package io.omnihub.sandbox.shopify;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;

/**
 * Shopify's custom scalars, all sent as strings: DateTime (ISO-8601 UTC to the second), Decimal and
 * Money (plain decimal strings), URL, UnsignedInt64. As input each takes a string and is kept as one.
 */
final class ShopifyScalars {

    private ShopifyScalars() {
    }

    static List<GraphQLScalarType> all() {
        return List.of(
                scalar("DateTime", value -> value instanceof Instant instant ? instant.toString() : null),
                scalar("Decimal", ShopifyScalars::decimal),
                scalar("Money", ShopifyScalars::decimal),
                scalar("URL", value -> value instanceof String s ? s : null),
                scalar("UnsignedInt64", value -> value instanceof Long l ? Long.toUnsignedString(l) : null));
    }

    private static String decimal(Object value) {
        return value instanceof BigDecimal d ? d.toPlainString() : null;
    }

    /** A scalar that serialises through {@code toText} (null: not a value of this scalar) and takes strings as input. */
    private static GraphQLScalarType scalar(String name, Function<Object, String> toText) {
        return GraphQLScalarType.newScalar().name(name).coercing(new Coercing<String, String>() {
            @Override
            public String serialize(Object value, GraphQLContext context, Locale locale) {
                String text = toText.apply(value);
                if (text == null) {
                    throw new CoercingSerializeException(name + " cannot represent " + value);
                }
                return text;
            }

            @Override
            public String parseValue(Object input, GraphQLContext context, Locale locale) {
                if (input instanceof String s) {
                    return s;
                }
                throw new CoercingParseValueException("Expected a string for " + name + " but was " + input);
            }

            @Override
            public String parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
                if (input instanceof StringValue s) {
                    return s.getValue();
                }
                throw new CoercingParseLiteralException("Expected a string literal for " + name);
            }
        }).build();
    }
}
