package io.terafleet.coordinator.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonlInputParserTest {
    private static final String MODEL = "all-minilm-l6-v2";
    private final JsonlInputParser parser = new JsonlInputParser(new ObjectMapper(), new InputLimits(5, 256, 3));

    private ParsedInputs parse(String file) throws IOException {
        return parser.parse(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), MODEL);
    }

    private List<LineError> errors(String file) throws IOException {
        return ((ParsedInputs.Rejected) parse(file)).errors();
    }

    @Test
    void readsNativeAndOpenAiLinesSkippingBlankOnes() throws IOException {
        var parsed = parse("""
                {"custom_id": "a", "input": "first"}

                {"custom_id": "b", "method": "POST", "url": "/v1/embeddings", "body": {"model": "all-minilm-l6-v2", "input": "second"}}\r
                """);
        assertThat(((ParsedInputs.Accepted) parsed).inputs()).containsExactly(
                new ParsedInputs.JobInput("a", "first"), new ParsedInputs.JobInput("b", "second"));
    }

    @Test
    void emptyFileIsRefused() throws IOException {
        assertThat(errors("\n\n")).singleElement().satisfies(e -> {
            assertThat(e.line()).isZero();
            assertThat(e.detail()).contains("no inputs");
        });
    }

    @Test
    void malformedJsonNamesTheLine() throws IOException {
        assertThat(errors("{\"custom_id\": \"a\", \"input\": \"x\"}\n{not json\n"))
                .singleElement().satisfies(e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.field()).isNull();
                    assertThat(e.detail()).startsWith("not valid JSON");
                });
    }

    @Test
    void missingAndMistypedFieldsAreNamed() throws IOException {
        assertThat(errors("""
                {"input": "x"}
                {"custom_id": 7, "input": "x"}
                {"custom_id": "c", "input": ""}
                """)).containsExactly(
                new LineError(1, "custom_id", "is required"),
                new LineError(2, "custom_id", "must be a string, got number"),
                new LineError(3, "input", "must not be empty"));
    }

    @Test
    void duplicateCustomIdPointsAtTheFirstUse() throws IOException {
        assertThat(errors("{\"custom_id\":\"a\",\"input\":\"x\"}\n{\"custom_id\":\"a\",\"input\":\"y\"}\n"))
                .containsExactly(new LineError(2, "custom_id", "duplicate custom_id \"a\" (first used on line 1)"));
    }

    @Test
    void oversizedLineIsFlaggedAndLaterLinesStillChecked() throws IOException {
        String big = "{\"custom_id\":\"a\",\"input\":\"" + "x".repeat(400) + "\"}";
        assertThat(errors(big + "\n{\"custom_id\":\"b\"}\n")).extracting(LineError::line, LineError::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, null), org.assertj.core.groups.Tuple.tuple(2, "input"));
    }

    @Test
    void tooManyInputsIsRefused() throws IOException {
        var file = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            file.append("{\"custom_id\":\"").append(i).append("\",\"input\":\"t\"}\n");
        }
        assertThat(errors(file.toString())).singleElement().satisfies(e -> assertThat(e.detail()).contains("too many inputs"));
    }

    @Test
    void wrongModelInOpenAiBodyIsNamed() throws IOException {
        assertThat(errors("{\"custom_id\":\"a\",\"body\":{\"model\":\"gpt\",\"input\":\"x\"}}"))
                .singleElement().satisfies(e -> assertThat(e.field()).isEqualTo("body.model"));
    }

    @Test
    void errorsBeyondTheLimitAreCountedNotListed() throws IOException {
        var rejected = (ParsedInputs.Rejected) parse("x\ny\nz\nw\nv\n");
        assertThat(rejected.errors()).hasSize(3);
        assertThat(rejected.omitted()).isEqualTo(2);
    }

    @Test
    void invalidUtf8IsRefused() throws IOException {
        byte[] bytes = {'{', '"', (byte) 0xC3, '"', '}'};
        var parsed = parser.parse(new ByteArrayInputStream(bytes), MODEL);
        assertThat(((ParsedInputs.Rejected) parsed).errors()).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("UTF-8"));
    }
}
