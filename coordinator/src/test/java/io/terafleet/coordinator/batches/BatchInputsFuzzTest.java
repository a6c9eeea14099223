package io.terafleet.coordinator.batches;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.coordinator.intake.LineError;
import io.terafleet.coordinator.intake.StorableText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Any bytes as an OpenAI batch input file: the batch checks name a model or give line errors, never throw, and
 * never take a model name the store cannot hold.
 */
class BatchInputsFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest(maxDuration = "5s")
    void model(byte[] file) throws IOException {
        List<LineError> errors = new ArrayList<>();
        String model = BatchInputs.model(JSON, file, "/v1/embeddings", errors);
        assertThat(model != null || !errors.isEmpty()).as("a model or an error").isTrue();
        if (errors.isEmpty()) {
            assertThat(StorableText.problem(model)).isNull();
        }
        assertThat(errors).hasSizeLessThanOrEqualTo(100 + 3);
    }
}
