package io.terafleet.coordinator.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Text the store can hold. PostgreSQL's {@code text} cannot hold U+0000, and an unpaired UTF-16 surrogate has no
 * UTF-8 form, so either would fail (or be silently altered) on the way in. Such text is refused at the edge as a
 * 400 naming the field, before anything is stored.
 */
public final class StorableText {
    private StorableText() {
    }

    /** A field whose text cannot be stored, and why. */
    public record Fault(String field, String reason) {
    }

    /** Null when {@code text} can be stored as it is; otherwise why not. O(length). */
    public static String problem(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "contains a NUL character (U+0000), which cannot be stored";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired UTF-16 surrogate (U+" + Integer.toHexString(c).toUpperCase() + ")";
            }
        }
        return null;
    }

    /** @throws IllegalArgumentException "field: reason" when {@code text} cannot be stored */
    public static String require(String text, String field) {
        String problem = problem(text);
        if (problem != null) {
            throw new IllegalArgumentException(field + ": " + problem);
        }
        return text;
    }

    /** The first string (value or field name) in a JSON tree that cannot be stored, named by its path. */
    public static Optional<Fault> firstFault(JsonNode node) {
        return firstFault(node, "");
    }

    private static Optional<Fault> firstFault(JsonNode node, String path) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            String problem = problem(node.textValue());
            return problem == null ? Optional.empty() : Optional.of(new Fault(path.isEmpty() ? "body" : path, problem));
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<Fault> fault = firstFault(node.get(i), path + "[" + i + "]");
                if (fault.isPresent()) {
                    return fault;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                String problem = problem(field.getKey());
                if (problem != null) {
                    return Optional.of(new Fault(path.isEmpty() ? "body" : path, "a field name " + problem));
                }
                Optional<Fault> fault = firstFault(field.getValue(), name);
                if (fault.isPresent()) {
                    return fault;
                }
            }
        }
        return Optional.empty();
    }
}
