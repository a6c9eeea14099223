package io.terafleet.core.policy.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Typed reads of JSON values whose errors name the field, as the policy file's errors must. */
final class JsonFields {
    private JsonFields() {
    }

    static boolean bool(String field, JsonNode node) {
        if (!node.isBoolean()) {
            throw wrong(field, "true or false", node);
        }
        return node.booleanValue();
    }

    static double number(String field, JsonNode node) {
        if (!node.isNumber()) {
            throw wrong(field, "a number", node);
        }
        return node.doubleValue();
    }

    static Double numberOrNull(String field, JsonNode node) {
        return node.isNull() ? null : number(field, node);
    }

    static int integer(String field, JsonNode node) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw wrong(field, "a whole number", node);
        }
        return node.intValue();
    }

    static Long longOrNull(String field, JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw wrong(field, "a whole number or null", node);
        }
        return node.longValue();
    }

    static String text(String field, JsonNode node) {
        if (!node.isTextual()) {
            throw wrong(field, "a string", node);
        }
        return node.textValue();
    }

    static List<JsonNode> array(String field, JsonNode node) {
        if (!node.isArray()) {
            throw wrong(field, "an array", node);
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items;
    }

    /** The node as an object whose field names are all in {@code known}. */
    static JsonNode object(String field, JsonNode node, Set<String> known) {
        if (!node.isObject()) {
            throw wrong(field, "an object", node);
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            String prefix = field.isEmpty() ? "" : field + ".";
            throw new PolicyJsonException(prefix + String.join(", " + prefix, unknown) + ": unknown field"
                    + (unknown.size() > 1 ? "s" : "") + "; known fields are " + known.stream().sorted().toList());
        }
        return node;
    }

    static PolicyJsonException wrong(String field, String expected, JsonNode node) {
        return new PolicyJsonException(field + ": must be " + expected + ", was " + node);
    }
}
