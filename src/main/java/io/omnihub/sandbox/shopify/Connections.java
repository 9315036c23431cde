package io.omnihub.sandbox.shopify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import graphql.schema.DataFetchingEnvironment;

/**
 * Relay connections as Shopify serves them: {@code edges{cursor,node}}, {@code nodes} and
 * {@code pageInfo}, one page of a list sorted by a key and then by id. Cursors are opaque (base64 of
 * the last key and id, like Shopify's), so a page boundary stays right when rows are added meanwhile.
 * A page needs {@code first} or {@code last}, each at most the maximum page size.
 */
final class Connections {

    public record Connection<T>(List<Edge<T>> edges, List<T> nodes, PageInfo pageInfo) {
    }

    public record Edge<T>(String cursor, T node) {
    }

    public record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {
    }

    /** Where a row sits in the sort order: its sort value, then its id. */
    private record Position(long value, long id) {
        static final Comparator<Position> ORDER = Comparator.comparingLong(Position::value).thenComparingLong(Position::id);
    }

    private record Positioned<T>(Position position, T row) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int maxPageSize;

    Connections(int maxPageSize) {
        this.maxPageSize = maxPageSize;
    }

    /** A page of rows in id order. */
    <T> Connection<T> page(DataFetchingEnvironment env, List<T> rows, ToLongFunction<T> id) {
        return page(env, rows, id, id);
    }

    /** A page of rows in the order of {@code sortValue}, then id; {@code reverse: true} turns the order round. */
    <T> Connection<T> page(DataFetchingEnvironment env, List<T> rows, ToLongFunction<T> id, ToLongFunction<T> sortValue) {
        Integer first = pageSize(env, "first");
        Integer last = pageSize(env, "last");
        if (first == null && last == null) {
            throw new ApiError("you must provide one of first or last", "BAD_REQUEST");
        }
        Comparator<Position> order = Boolean.TRUE.equals(env.getArgument("reverse")) ? Position.ORDER.reversed() : Position.ORDER;
        List<Positioned<T>> all = rows.stream()
                .map(row -> new Positioned<>(new Position(sortValue.applyAsLong(row), id.applyAsLong(row)), row))
                .sorted(Comparator.comparing(Positioned::position, order))
                .toList();
        int from = 0;
        int to = all.size();
        String after = env.getArgument("after");
        if (after != null) {
            Position cursor = decode(after);
            from = firstIndex(all, position -> order.compare(position, cursor) > 0);
        }
        String before = env.getArgument("before");
        if (before != null) {
            Position cursor = decode(before);
            to = Math.max(from, firstIndex(all, position -> order.compare(position, cursor) >= 0));
        }
        if (first != null) {
            to = Math.min(to, from + first);
        }
        if (last != null) {
            from = Math.max(from, to - last);
        }
        List<Edge<T>> edges = all.subList(from, to).stream().map(p -> new Edge<>(encode(p.position()), p.row())).toList();
        var pageInfo = new PageInfo(to < all.size(), from > 0,
                edges.isEmpty() ? null : edges.get(0).cursor(), edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor());
        return new Connection<>(edges, edges.stream().map(Edge::node).toList(), pageInfo);
    }

    private Integer pageSize(DataFetchingEnvironment env, String argument) {
        Integer size = env.getArgument(argument);
        if (size != null && (size < 0 || size > maxPageSize)) {
            throw new ApiError("Argument '" + argument + "' on Field '" + env.getField().getName() + "' has an invalid value ("
                    + size + "). Expected a page size from 0 to " + maxPageSize + ".", "BAD_REQUEST");
        }
        return size;
    }

    private static <T> int firstIndex(List<Positioned<T>> rows, Predicate<Position> test) {
        return IntStream.range(0, rows.size()).filter(i -> test.test(rows.get(i).position())).findFirst().orElse(rows.size());
    }

    private static String encode(Position position) {
        String json = "{\"last_id\":" + position.id() + ",\"last_value\":\"" + position.value() + "\"}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Position decode(String cursor) {
        try {
            JsonNode json = JSON.readTree(Base64.getDecoder().decode(cursor));
            if (json.path("last_id").canConvertToLong() && json.hasNonNull("last_value")) {
                return new Position(Long.parseLong(json.get("last_value").asText()), json.get("last_id").asLong());
            }
        } catch (IllegalArgumentException | IOException e) {
            // not one of our cursors: answered below like any other unknown cursor
        }
        throw new ApiError("Invalid cursor for current pagination sort.", "BAD_REQUEST");
    }
}
