package io.terafleet.sim.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads scenarios. A scenario file only needs the values it changes: it is merged over the default (objects field
 * by field, arrays replaced whole). Every error names the field by its JSON path, e.g.
 * {@code regions[1].share: must be within 0.0..1.0, was 2.0}.
 */
public final class ScenarioIo {
    private static final String DEFAULT_RESOURCE = "default-scenario.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ScenarioIo() {
    }

    /** The default scenario's text, as shipped. */
    public static String defaultText() {
        try (InputStream in = ScenarioIo.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default scenario resource is missing: " + DEFAULT_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Scenario defaults() {
        return parse(defaultText());
    }

    /** Built-in scenarios by name, each merged over the default: {@code us} (the default), {@code europe}, {@code ai5}. */
    public static final java.util.List<String> PRESETS = java.util.List.of("us", "europe", "ai5");

    /** A built-in scenario by name; throws IllegalArgumentException naming the choices. */
    public static Scenario preset(String name) {
        if ("us".equals(name)) {
            return defaults();
        }
        if (!PRESETS.contains(name)) {
            throw new IllegalArgumentException("scenario: must be a file or one of " + PRESETS + ", was " + name);
        }
        try (InputStream in = ScenarioIo.class.getResourceAsStream(name + "-scenario.json")) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Scenario load(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    /** Parses scenario text merged over the default; throws IllegalArgumentException naming the field. */
    public static Scenario parse(String text) {
        try {
            JsonNode base = JSON.readTree(defaultText());
            JsonNode override = JSON.readTree(text);
            if (override != null && !override.isObject()) {
                throw new IllegalArgumentException("scenario: must be a JSON object");
            }
            if (override != null) {
                merge((ObjectNode) base, (ObjectNode) override);
            }
            return JSON.treeToValue(base, Scenario.class);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(describe(e), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("scenario: not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void merge(ObjectNode base, ObjectNode override) {
        Iterator<Map.Entry<String, JsonNode>> fields = override.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            JsonNode old = base.get(field.getKey());
            if (old instanceof ObjectNode oldObject && field.getValue() instanceof ObjectNode newObject
                    && !"bands".equals(field.getKey())) {
                merge(oldObject, newObject);
            } else {
                base.set(field.getKey(), field.getValue());
            }
        }
    }

    /**
     * The JSON path to the failing record plus the record's own message ("share: ..."), so the field reads
     * {@code regions[1].share}; Jackson's own errors (unknown or mistyped fields) name the path too.
     */
    static String describe(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            }
        }
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException invalid) {
            String prefix = path.isEmpty() ? "" : path + ".";
            return prefix + invalid.getMessage();
        }
        return (path.isEmpty() ? "scenario" : path.toString()) + ": " + e.getOriginalMessage();
    }
}
