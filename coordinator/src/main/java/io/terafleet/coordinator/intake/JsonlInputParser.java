package io.terafleet.coordinator.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a batch input file: one JSON object per line, like an OpenAI Batch input file.
 *
 * <p>Each line is either {@code {"custom_id": "a", "input": "text"}} or the OpenAI form
 * {@code {"custom_id": "a", "method": "POST", "url": "/v1/embeddings", "body": {"input": "text"}}}.
 * Blank lines are skipped. The whole file is checked before anything is stored, and every
 * error names its line and field, so a client can fix a file in one round.
 */
public final class JsonlInputParser {
    static final int MAX_CUSTOM_ID_LENGTH = 256;

    private final ObjectMapper mapper;
    private final InputLimits limits;

    public JsonlInputParser(ObjectMapper mapper, InputLimits limits) {
        this.mapper = mapper;
        this.limits = limits;
    }

    public ParsedInputs parse(InputStream body, String model) throws IOException {
        var state = new ParseState(limits.maxErrors());
        var lines = new LineReader(body, limits.maxLineBytes());
        LineReader.Line line;
        while ((line = lines.next()) != null) {
            parseLine(line, model, state);
        }
        if (state.inputs.isEmpty() && state.errors.isEmpty()) {
            state.error(new LineError(0, null, "the file holds no inputs: send one JSON object per line"));
        }
        if (state.inputs.size() > limits.maxInputs()) {
            state.error(new LineError(limits.maxInputs() + 1, null,
                    "too many inputs: at most " + limits.maxInputs() + " per file, got " + state.inputs.size()));
        }
        return state.errors.isEmpty()
                ? new ParsedInputs.Accepted(List.copyOf(state.inputs))
                : new ParsedInputs.Rejected(List.copyOf(state.errors), state.omitted);
    }

    private void parseLine(LineReader.Line line, String model, ParseState state) {
        if (line.oversized()) {
            state.error(new LineError(line.number(), null,
                    "line is longer than the limit of " + limits.maxLineBytes() + " bytes"));
            return;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line.bytes()))
                    .toString();
        } catch (CharacterCodingException e) {
            state.error(new LineError(line.number(), null, "line is not valid UTF-8"));
            return;
        }
        if (text.isBlank()) {
            return;
        }
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            state.error(new LineError(line.number(), null, "not valid JSON" + JsonSyntax.where(e)));
            return;
        }
        readInput(node, line.number(), model, state);
    }

    private void readInput(JsonNode node, int lineNo, String model, ParseState state) {
        if (node == null || !node.isObject()) {
            state.error(new LineError(lineNo, null, "each line must be a JSON object"));
            return;
        }
        String customId = requireString(node, "custom_id", "custom_id", lineNo, state);
        String input = readText(node, lineNo, model, state);
        if (customId == null || input == null) {
            return;
        }
        if (customId.length() > MAX_CUSTOM_ID_LENGTH) {
            state.error(new LineError(lineNo, "custom_id", "longer than " + MAX_CUSTOM_ID_LENGTH + " characters"));
            return;
        }
        Integer firstLine = state.lineOfCustomId.putIfAbsent(customId, lineNo);
        if (firstLine != null) {
            state.error(new LineError(lineNo, "custom_id",
                    "duplicate custom_id \"" + customId + "\" (first used on line " + firstLine + ")"));
            return;
        }
        state.inputs.add(new ParsedInputs.JobInput(customId, input));
    }

    private String readText(JsonNode node, int lineNo, String model, ParseState state) {
        JsonNode body = node.get("body");
        if (body == null) {
            return requireString(node, "input", "input", lineNo, state);
        }
        if (!body.isObject()) {
            state.error(new LineError(lineNo, "body", "must be a JSON object"));
            return null;
        }
        JsonNode bodyModel = body.get("model");
        if (bodyModel != null && !(bodyModel.isTextual() && bodyModel.asText().equals(model))) {
            state.error(new LineError(lineNo, "body.model",
                    "every line must name the job's model \"" + model + "\", got " + bodyModel));
            return null;
        }
        return requireString(body, "input", "body.input", lineNo, state);
    }

    private static String requireString(JsonNode node, String name, String field, int lineNo, ParseState state) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            state.error(new LineError(lineNo, field, "is required"));
            return null;
        }
        if (!value.isTextual()) {
            state.error(new LineError(lineNo, field, "must be a string, got " + value.getNodeType().name().toLowerCase()));
            return null;
        }
        if (value.asText().isBlank()) {
            state.error(new LineError(lineNo, field, "must not be empty"));
            return null;
        }
        String unstorable = StorableText.problem(value.asText());
        if (unstorable != null) {
            state.error(new LineError(lineNo, field, unstorable));
            return null;
        }
        return value.asText();
    }

    private static final class ParseState {
        final List<ParsedInputs.JobInput> inputs = new ArrayList<>();
        final List<LineError> errors = new ArrayList<>();
        final Map<String, Integer> lineOfCustomId = new HashMap<>();
        final int maxErrors;
        int omitted;

        ParseState(int maxErrors) {
            this.maxErrors = maxErrors;
        }

        void error(LineError error) {
            if (errors.size() < maxErrors) {
                errors.add(error);
            } else {
                omitted++;
            }
        }
    }
}
