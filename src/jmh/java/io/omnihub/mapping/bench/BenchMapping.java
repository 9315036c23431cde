package io.omnihub.mapping.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiFunction;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.Function;
import com.schibsted.spt.data.jslt.Parser;

import io.omnihub.mapping.MappingFunctions;

/** One mapping, compiled once, applied to a Jackson tree: the same contract for every engine under test. */
@FunctionalInterface
public interface BenchMapping {

    ObjectMapper JSON = new ObjectMapper();

    JsonNode apply(JsonNode input);

    /** Jackson by hand. */
    static BenchMapping jackson(BiFunction<JsonNode, Xref, JsonNode> mapper, Xref xref) {
        return input -> mapper.apply(input, xref);
    }

    /**
     * JSONata (dashjoin): functions registered once before sharing, and a fresh frame per call,
     * because evaluate(input) alone shares state between threads.
     */
    static BenchMapping jsonata(String resource, Xref xref) {
        Jsonata expression = Jsonata.jsonata(text(resource));
        expression.registerFunction("xref", Jsonata.function("xref",
                (String system, String entity, String id) -> xref.canonical(system, entity, id), "<sss:s>"));
        expression.registerFunction("xrefOut", Jsonata.function("xrefOut",
                (String system, String entity, String id) -> xref.external(system, entity, id), "<sss:s>"));
        return input -> JSON.valueToTree(
                expression.evaluate(JSON.convertValue(input, Object.class), expression.createFrame()));
    }

    /** JSLT (Schibsted): works on Jackson trees directly. */
    static BenchMapping jslt(String resource, Xref xref) {
        Expression expression = Parser.compileString(text(resource), List.of(
                lookup("xref", xref::canonical), lookup("xref-out", xref::external)));
        return expression::apply;
    }

    private static Function lookup(String name, Lookup lookup) {
        return MappingFunctions.function(name, 3, 3, arguments -> TextNode.valueOf(
                lookup.find(arguments[0].asText(), arguments[1].asText(), arguments[2].asText())));
    }

    static String text(String resource) {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String resource) {
        try (InputStream in = BenchMapping.class.getResourceAsStream("/bench/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No resource /bench/" + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    interface Lookup {
        String find(String system, String entity, String id);
    }
}
