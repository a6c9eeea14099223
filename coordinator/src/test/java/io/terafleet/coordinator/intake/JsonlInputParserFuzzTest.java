package io.terafleet.coordinator.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Any bytes as a batch input file: the parser answers accepted or rejected-with-line-errors, never throws, and
 * never accepts text the store cannot hold. Runs its seed corpus in every test run ({@code JAZZER_FUZZ=1} fuzzes
 * for {@code maxDuration}).
 */
class JsonlInputParserFuzzTest {
    private static final JsonlInputParser PARSER = new JsonlInputParser(new ObjectMapper(),
            new InputLimits(1_000, 4_096, 20));

    @FuzzTest(maxDuration = "5s")
    void parse(byte[] file) throws IOException {
        ParsedInputs parsed = PARSER.parse(new ByteArrayInputStream(file), "all-minilm-l6-v2");
        switch (parsed) {
            case ParsedInputs.Accepted accepted -> accepted.inputs().forEach(input -> {
                assertThat(StorableText.problem(input.customId())).isNull();
                assertThat(StorableText.problem(input.text())).isNull();
                assertThat(input.text()).isNotBlank();
            });
            case ParsedInputs.Rejected rejected -> {
                assertThat(rejected.errors()).isNotEmpty();
                rejected.errors().forEach(error -> assertThat(error.detail()).doesNotContainIgnoringCase("jackson"));
            }
        }
    }
}
