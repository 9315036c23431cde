package io.omnihub.sandbox.shopify;

import java.util.List;
import java.util.Map;

import graphql.language.OperationDefinition;
import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;

/**
 * Shopify's calculated query cost, from the parsed and normalised operation (fragments, variables
 * and {@code @skip}/{@code @include} already resolved): a scalar or enum field costs 0, an object 1,
 * a connection 2 plus {@code first}/{@code last} times the cost of one node (so nested connections
 * multiply), a mutation field 10. A plain list of objects costs like one object. The requested
 * cost is known before execution; the actual cost counts the nodes a connection really returned.
 */
final class QueryCost {

    static final int MUTATION_COST = 10;
    private static final int CONNECTION_COST = 2;

    private final GraphQLSchema schema;

    QueryCost(GraphQLSchema schema) {
        this.schema = schema;
    }

    int requested(ExecutableNormalizedOperation operation) {
        if (operation.getOperation() == OperationDefinition.Operation.MUTATION) {
            return MUTATION_COST * operation.getTopLevelFields().size();
        }
        return operation.getTopLevelFields().stream().mapToInt(this::requested).sum();
    }

    /** The cost of what {@code data} (the response's data) really holds. */
    int actual(ExecutableNormalizedOperation operation, Map<String, Object> data) {
        if (operation.getOperation() == OperationDefinition.Operation.MUTATION) {
            return requested(operation);
        }
        return data == null ? 0 : operation.getTopLevelFields().stream().mapToInt(f -> actual(f, data.get(f.getResultKey()))).sum();
    }

    private int requested(ExecutableNormalizedField field) {
        GraphQLType type = GraphQLTypeUtil.unwrapAll(field.getType(schema));
        if (!(type instanceof GraphQLObjectType object)) {
            return 0;
        }
        if (isConnection(object)) {
            Integer first = (Integer) field.getResolvedArguments().get("first");
            Integer last = (Integer) field.getResolvedArguments().get("last");
            int size = Math.max(first == null ? 0 : first, last == null ? 0 : last);
            int node = 0;
            for (ExecutableNormalizedField child : field.getChildren()) {
                if ("edges".equals(child.getName())) {
                    node += child.getChildren().stream().filter(c -> "node".equals(c.getName())).mapToInt(this::requested).sum();
                } else if ("nodes".equals(child.getName())) {
                    node += requested(child);
                }
            }
            return CONNECTION_COST + size * node;
        }
        return 1 + field.getChildren().stream().mapToInt(this::requested).sum();
    }

    private int actual(ExecutableNormalizedField field, Object value) {
        GraphQLType type = GraphQLTypeUtil.unwrapAll(field.getType(schema));
        if (value == null || !(type instanceof GraphQLObjectType object)) {
            return 0;
        }
        Map<?, ?> map = value instanceof List<?> list ? (list.isEmpty() ? null : (Map<?, ?>) list.get(0)) : (Map<?, ?>) value;
        if (map == null) {
            return 1;
        }
        if (isConnection(object)) {
            int cost = CONNECTION_COST;
            for (ExecutableNormalizedField child : field.getChildren()) {
                if ("edges".equals(child.getName()) && map.get(child.getResultKey()) instanceof List<?> edges) {
                    for (Object edge : edges) {
                        cost += child.getChildren().stream().filter(c -> "node".equals(c.getName()))
                                .mapToInt(node -> actual(node, ((Map<?, ?>) edge).get(node.getResultKey()))).sum();
                    }
                } else if ("nodes".equals(child.getName()) && map.get(child.getResultKey()) instanceof List<?> nodes) {
                    cost += nodes.stream().mapToInt(node -> actual(child, node)).sum();
                }
            }
            return cost;
        }
        return 1 + field.getChildren().stream().mapToInt(child -> actual(child, map.get(child.getResultKey()))).sum();
    }

    private static boolean isConnection(GraphQLObjectType type) {
        return type.getName().endsWith("Connection");
    }
}
