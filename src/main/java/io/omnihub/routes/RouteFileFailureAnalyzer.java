package io.omnihub.routes;

import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.VetoCamelContextStartException;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns a route or Kamelet file that Camel cannot load into a start-up report that names the
 * file, line and column and what is wrong, instead of a stack trace. Routes are
 * {@code routes/<route-id>.camel.yaml} (RouteFilesTest holds every flow to that), so a route that fails
 * to start is named with the file it should be in; Camel does not say which file it came from.
 */
public class RouteFileFailureAnalyzer implements FailureAnalyzer {

    private static final String KAMELET_ACTION = "Fix the endpoint or Kamelet the flow names; Kamelets are "
            + "looked up as connectors/<name>.kamelet.yaml, then on the classpath under kamelets/.";

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYamlEngineException yaml) {
                return describe(yaml);
            }
            if (cause instanceof FailedToCreateRouteException route) {
                return describe(route);
            }
            if (cause instanceof VetoCamelContextStartException veto) {
                return describe(veto);
            }
        }
        return null;
    }

    private static FailureAnalysis describe(MarkedYamlEngineException yaml) {
        String where = yaml.getProblemMark()
                .map(RouteFileFailureAnalyzer::position)
                .orElse("a route or Kamelet file");
        String problem = yaml.getProblem() != null ? yaml.getProblem() : yaml.getMessage();
        return new FailureAnalysis(
                "Cannot load " + where + ": " + problem,
                "Fix the file (keys and step names as in the Camel YAML DSL reference), or move it out of "
                        + "routes/ or connectors/. `./mvnw verify` checks every file there (RouteFilesTest).",
                yaml);
    }

    private static FailureAnalysis describe(FailedToCreateRouteException route) {
        return new FailureAnalysis(
                "Route '" + route.getRouteId() + "' (by convention routes/" + route.getRouteId() + ".camel.yaml) cannot start: "
                        + rootCause(route).getMessage(),
                KAMELET_ACTION, route);
    }

    /** A Kamelet that a flow names but that cannot be found or loaded vetoes Camel's start. */
    private static FailureAnalysis describe(VetoCamelContextStartException veto) {
        return new FailureAnalysis(veto.getMessage() + ": " + rootCause(veto).getMessage(), KAMELET_ACTION, veto);
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }

    private static String position(Mark mark) {
        String file = mark.getName().replaceFirst("^file:", "");
        return file + " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
    }
}
