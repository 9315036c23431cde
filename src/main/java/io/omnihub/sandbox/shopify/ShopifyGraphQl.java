package io.omnihub.sandbox.shopify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.execution.RawVariables;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.language.SourceLocation;
import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.normalized.ExecutableNormalizedOperationFactory;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.validation.ValidationError;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Admin GraphQL endpoint behind the HTTP controller: a real GraphQL engine (graphql-java) over
 * the schema subset in {@code sandbox/shopify/admin-2026-04.graphqls}. A request goes through the
 * steps Shopify takes: parse and validate (errors with locations and path, nothing charged), check
 * input arrays (at most 250 items), compute the requested cost and refuse above the single-query
 * maximum, take the cost from the bucket or answer THROTTLED, execute, then refund what the answer
 * did not use. Every answer reports {@code extensions.cost}; {@code actualQueryCost} is null when
 * the query did not run.
 */
final class ShopifyGraphQl {

    static final String SCHEMA = "/sandbox/shopify/admin-2026-04.graphqls";
    static final String RATE_LIMITS_DOCUMENTATION = "https://shopify.dev/api/usage/rate-limits";

    private static final Logger log = LoggerFactory.getLogger(ShopifyGraphQl.class);
    /** graphql-java's "Validation error (FieldUndefined@[products/nodes/idd]) : " before the description. */
    private static final Pattern VALIDATION_PREFIX = Pattern.compile("^Validation error \\([^)]*\\) : ");

    private final GraphQLSchema schema;
    private final GraphQL graphQL;
    private final QueryCost cost;
    private final CostBucket bucket;
    private final int maxQueryCost;
    private final int maxInputSize;

    ShopifyGraphQl(ShopifyState state, ShopifySandboxProperties settings, CostBucket bucket) {
        var connections = new Connections(settings.maxPageSize());
        RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring();
        ShopifyScalars.all().forEach(wiring::scalar);
        new CatalogFetchers(state, connections).wire(wiring);
        new OrderFetchers(state, connections, settings.zone()).wire(wiring);
        new InventoryMutations(state, settings.idempotencyRequiredForSetQuantities()).wire(wiring);
        this.schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(schemaText()), wiring.build());
        this.graphQL = GraphQL.newGraphQL(schema)
                .defaultDataFetcherExceptionHandler(new ErrorHandler())
                // the document was parsed and validated before the cost check; execution reuses it
                .preparsedDocumentProvider((input, parse) -> CompletableFuture.completedFuture(
                        Optional.ofNullable(input.getGraphQLContext().<Document>get(Document.class))
                                .map(PreparsedDocumentEntry::new).orElseGet(() -> parse.apply(input))))
                .build();
        this.cost = new QueryCost(schema);
        this.bucket = bucket;
        this.maxQueryCost = settings.maxQueryCost();
        this.maxInputSize = settings.maxInputSize();
    }

    private static String schemaText() {
        try (InputStream in = ShopifyGraphQl.class.getResourceAsStream(SCHEMA)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + SCHEMA, e);
        }
    }

    /** The JSON body of the answer (always HTTP 200 from here: transport errors are the controller's). */
    Map<String, Object> execute(String query, String operationName, Map<String, Object> variables) {
        ExecutionInput input = ExecutionInput.newExecutionInput(query).operationName(operationName)
                .variables(variables == null ? Map.of() : variables).build();
        ParseAndValidateResult parsed = ParseAndValidate.parseAndValidate(schema, input);
        if (parsed.isFailure()) {
            return notRun(0, parsed.getErrors().stream().map(e -> errorJson(e, parsed.getDocument())).toList());
        }
        Document document = parsed.getDocument();
        ExecutableNormalizedOperation operation;
        try {
            operation = ExecutableNormalizedOperationFactory.createExecutableNormalizedOperationWithRawVariables(
                    schema, document, operationName, RawVariables.of(input.getVariables()));
        } catch (RuntimeException e) {
            if (e instanceof GraphQLError error) {
                return notRun(0, List.of(errorJson(error, document)));
            }
            throw e;
        }
        List<Map<String, Object>> tooLarge = inputSizeErrors(operation);
        if (!tooLarge.isEmpty()) {
            return notRun(0, tooLarge);
        }
        int requested = cost.requested(operation);
        if (requested > maxQueryCost) {
            return notRun(requested, List.of(maxCostExceeded(requested)));
        }
        if (!bucket.take(requested)) {
            return throttled(requested, bucket.status());
        }
        ExecutionResult result = graphQL.execute(input.transform(b -> b.graphQLContext(Map.of(Document.class, document))));
        int actual = cost.actual(operation, result.getData());
        bucket.refund(Math.max(0, requested - actual));
        Map<String, Object> body = new LinkedHashMap<>();
        if (!result.getErrors().isEmpty()) {
            body.put("errors", result.getErrors().stream().map(e -> errorJson(e, document)).toList());
        }
        if (result.isDataPresent()) {
            body.put("data", result.getData());
        }
        body.put("extensions", Map.of("cost", costJson(requested, actual, bucket.status())));
        return body;
    }

    /** Shopify's THROTTLED answer: no data, the cost that did not fit, and the bucket as it is. */
    static Map<String, Object> throttled(Integer requested, CostBucket.ThrottleStatus status) {
        Map<String, Object> extensions = ordered("code", "THROTTLED", "documentation", RATE_LIMITS_DOCUMENTATION);
        return body(List.of(ordered("message", "Throttled", "extensions", extensions)), costJson(requested, null, status));
    }

    private Map<String, Object> notRun(int requested, List<Map<String, Object>> errors) {
        return body(errors, costJson(requested, null, bucket.status()));
    }

    private static Map<String, Object> body(List<Map<String, Object>> errors, Map<String, Object> cost) {
        return ordered("errors", errors, "extensions", Map.of("cost", cost));
    }

    private static Map<String, Object> costJson(Integer requested, Integer actual, CostBucket.ThrottleStatus status) {
        return ordered("requestedQueryCost", requested, "actualQueryCost", actual, "throttleStatus", status);
    }

    private Map<String, Object> maxCostExceeded(int requested) {
        String message = "Query cost is " + requested + ", which exceeds the single query max cost limit (" + maxQueryCost
                + ").\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n"
                + "cost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations"
                + " should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api"
                + " for usage details.\n";
        return ordered("message", message, "extensions", ordered("code", "MAX_COST_EXCEEDED", "cost", requested,
                "maxCost", maxQueryCost, "documentation", RATE_LIMITS_DOCUMENTATION));
    }

    /** Shopify refuses any input array over 250 items before running the query. */
    private List<Map<String, Object>> inputSizeErrors(ExecutableNormalizedOperation operation) {
        List<Map<String, Object>> errors = new ArrayList<>();
        operation.getTopLevelFields().forEach(field -> checkSizes(operation, field, errors));
        return errors;
    }

    private void checkSizes(ExecutableNormalizedOperation operation, ExecutableNormalizedField field,
            List<Map<String, Object>> errors) {
        List<Object> path = new ArrayList<>(field.getListOfResultKeys());
        SourceLocation location = operation.getMergedField(field).getSingleField().getSourceLocation();
        field.getResolvedArguments().forEach((name, value) -> checkSize(value, append(path, name), errors, location));
        field.getChildren().forEach(child -> checkSizes(operation, child, errors));
    }

    private void checkSize(Object value, List<Object> path, List<Map<String, Object>> errors, SourceLocation location) {
        if (value instanceof List<?> list) {
            if (list.size() > maxInputSize) {
                errors.add(errorJson("The input array size of " + list.size() + " is greater than the maximum allowed of "
                        + maxInputSize + ".", List.of(location), path, Map.of("code", "MAX_INPUT_SIZE_EXCEEDED")));
            } else {
                list.forEach(item -> checkSize(item, path, errors, location));
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> checkSize(item, append(path, key), errors, location));
        }
    }

    private static List<Object> append(List<Object> path, Object key) {
        List<Object> longer = new ArrayList<>(path);
        longer.add(key);
        return longer;
    }

    /**
     * An error in Shopify's shape: message, locations, path, extensions.code. Validation errors get the
     * validator's description (without graphql-java's prefix), a path that starts with the operation
     * as graphql-ruby (Shopify's engine) writes it, and the validation rule as code.
     */
    private static Map<String, Object> errorJson(GraphQLError error, Document document) {
        if (error instanceof ValidationError validation) {
            List<Object> path = new ArrayList<>();
            path.add(operationLabel(document));
            if (validation.getQueryPath() != null) {
                path.addAll(validation.getQueryPath());
            }
            String message = VALIDATION_PREFIX.matcher(validation.getDescription()).replaceFirst("");
            return errorJson(message, validation.getLocations(), path,
                    Map.of("code", String.valueOf(validation.getValidationErrorType())));
        }
        return errorJson(error.getMessage(), error.getLocations(), error.getPath(), error.getExtensions());
    }

    private static Map<String, Object> errorJson(String message, List<SourceLocation> locations, List<Object> path,
            Map<String, Object> extensions) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("message", message);
        if (locations != null && !locations.isEmpty()) {
            json.put("locations", locations.stream()
                    .map(l -> ordered("line", l.getLine(), "column", l.getColumn())).toList());
        }
        if (path != null) {
            json.put("path", path);
        }
        if (extensions != null && !extensions.isEmpty()) {
            json.put("extensions", extensions);
        }
        return json;
    }

    /** A JSON object with its keys in the order given, as Shopify writes them. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            json.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return json;
    }

    private static String operationLabel(Document document) {
        if (document == null) {
            return "query";
        }
        return document.getDefinitionsOfType(OperationDefinition.class).stream().findFirst()
                .map(op -> op.getOperation().name().toLowerCase(Locale.ROOT) + (op.getName() == null ? "" : " " + op.getName()))
                .orElse("query");
    }

    /** A field that failed: an {@link ApiError} as Shopify words it, anything else as Shopify's internal error. */
    private static final class ErrorHandler implements DataFetcherExceptionHandler {
        @Override
        public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(DataFetcherExceptionHandlerParameters parameters) {
            Throwable exception = parameters.getException();
            GraphqlErrorBuilder<?> error = GraphqlErrorBuilder.newError()
                    .location(parameters.getSourceLocation()).path(parameters.getPath());
            if (exception instanceof ApiError api) {
                error.message(api.getMessage()).extensions(api.extensions());
            } else {
                String requestId = UUID.randomUUID().toString();
                log.error("Shopify sandbox failed on {}", parameters.getPath(), exception);
                error.message("Internal error. Looks like something went wrong on our end.\nRequest ID: " + requestId
                        + " (include this in support requests).").extensions(Map.of("code", "INTERNAL_SERVER_ERROR"));
            }
            return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult(error.build()).build());
        }
    }
}
