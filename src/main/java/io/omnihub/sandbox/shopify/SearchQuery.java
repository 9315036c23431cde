package io.omnihub.sandbox.shopify;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Shopify's search syntax the sandbox understands, for a connection's {@code query}
 * argument: space-separated terms {@code field:value}, {@code field:>value} (also {@code >=},
 * {@code <}, {@code <=}), values optionally quoted, {@code -field:value} to exclude, {@code AND}
 * between terms. Every known term must match. Terms on fields a connection does not know are
 * ignored, as Shopify ignores them.
 */
final class SearchQuery {

    enum Comparison { EQUAL, GREATER, GREATER_OR_EQUAL, LESS, LESS_OR_EQUAL }

    /** One {@code field:value} term. */
    record Term(String field, Comparison comparison, String value, boolean negated) {

        boolean compares(int valueComparedToTerm) {
            return switch (comparison) {
                case EQUAL -> valueComparedToTerm == 0;
                case GREATER -> valueComparedToTerm > 0;
                case GREATER_OR_EQUAL -> valueComparedToTerm >= 0;
                case LESS -> valueComparedToTerm < 0;
                case LESS_OR_EQUAL -> valueComparedToTerm <= 0;
            };
        }

        /** The value as a moment: an ISO date-time with or without offset (then in the shop's zone), or a date (its start). */
        Optional<Instant> instant(ZoneId zone) {
            try {
                return Optional.of(OffsetDateTime.parse(value).toInstant());
            } catch (DateTimeParseException notWithOffset) {
                try {
                    return Optional.of(LocalDateTime.parse(value).atZone(zone).toInstant());
                } catch (DateTimeParseException notLocal) {
                    try {
                        return Optional.of(LocalDate.parse(value).atStartOfDay(zone).toInstant());
                    } catch (DateTimeParseException notADate) {
                        return Optional.empty();
                    }
                }
            }
        }
    }

    private static final Pattern TERM = Pattern.compile(
            "(-?)([a-z_]+):(>=|<=|>|<)?('([^']*)'|\"([^\"]*)\"|(\\S+))");

    private final List<Term> terms;

    private SearchQuery(List<Term> terms) {
        this.terms = terms;
    }

    static SearchQuery parse(String query) {
        List<Term> terms = new ArrayList<>();
        if (query != null) {
            Matcher m = TERM.matcher(query);
            while (m.find()) {
                String value = m.group(5) != null ? m.group(5) : m.group(6) != null ? m.group(6) : m.group(7);
                terms.add(new Term(m.group(2), comparison(m.group(3)), value, !m.group(1).isEmpty()));
            }
        }
        return new SearchQuery(terms);
    }

    private static Comparison comparison(String operator) {
        if (operator == null) {
            return Comparison.EQUAL;
        }
        return switch (operator) {
            case ">" -> Comparison.GREATER;
            case ">=" -> Comparison.GREATER_OR_EQUAL;
            case "<" -> Comparison.LESS;
            default -> Comparison.LESS_OR_EQUAL;
        };
    }

    /**
     * The rows this query keeps, given how each supported field turns a term into a test. A term whose
     * field is not supported, or whose value does not parse, keeps every row.
     */
    <T> Predicate<T> filter(Map<String, Function<Term, Optional<Predicate<T>>>> fields) {
        Predicate<T> all = row -> true;
        for (Term term : terms) {
            var field = fields.get(term.field());
            Optional<Predicate<T>> test = field == null ? Optional.empty() : field.apply(term);
            if (test.isPresent()) {
                all = all.and(term.negated() ? test.get().negate() : test.get());
            }
        }
        return all;
    }
}
