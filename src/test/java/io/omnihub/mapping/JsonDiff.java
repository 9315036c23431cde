package io.omnihub.mapping;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/** Where two JSON documents differ, as JSON Pointers with the expected and actual values. */
final class JsonDiff {

    private JsonDiff() {
    }

    static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> found = new ArrayList<>();
        compare("", expected, actual, found);
        return found;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> found) {
        if (expected == null || actual == null || expected.getNodeType() != actual.getNodeType()) {
            found.add(describe(path, expected, actual));
        } else if (expected.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            expected.fieldNames().forEachRemaining(keys::add);
            actual.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                compare(path + "/" + key.replace("~", "~0").replace("/", "~1"), expected.get(key), actual.get(key), found);
            }
        } else if (expected.isArray()) {
            Iterator<JsonNode> e = expected.elements();
            Iterator<JsonNode> a = actual.elements();
            int index = 0;
            while (e.hasNext() || a.hasNext()) {
                compare(path + "/" + index++, e.hasNext() ? e.next() : null, a.hasNext() ? a.next() : null, found);
            }
        } else if (expected.isNumber()) {
            // JSON has one number type: 5 (int) and 5 (long) are the same value
            if (expected.decimalValue().compareTo(actual.decimalValue()) != 0) {
                found.add(describe(path, expected, actual));
            }
        } else if (!expected.equals(actual)) {
            found.add(describe(path, expected, actual));
        }
    }

    private static String describe(String path, JsonNode expected, JsonNode actual) {
        return (path.isEmpty() ? "/" : path) + ": expected " + (expected == null ? "(absent)" : expected)
                + ", actual " + (actual == null ? "(absent)" : actual);
    }
}
