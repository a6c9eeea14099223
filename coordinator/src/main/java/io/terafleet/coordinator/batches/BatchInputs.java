package io.terafleet.coordinator.batches;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.coordinator.intake.LineError;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a batch input file must say beyond each input: every line {@code "method": "POST"} to the batch's
 * endpoint, and one model for the whole file (a batch is one job of one model). The inputs themselves are
 * checked by the job's own parser.
 */
final class BatchInputs {
    private BatchInputs() {
    }

    /** The file's model, from its first request line; errors for lines that break the rules. */
    static String model(ObjectMapper json, byte[] content, String endpoint, List<LineError> errors) throws IOException {
        String model = null;
        try (var reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null && errors.size() < 100) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = json.readTree(line);
                } catch (IOException e) {
                    continue; // the job's parser reports it with its line
                }
                if (!node.isObject()) {
                    continue;
                }
                if (!endpoint.equals(node.path("url").asText(null))) {
                    errors.add(new LineError(number, "url", "must be \"" + endpoint + "\", the batch's endpoint"));
                }
                if (!"POST".equals(node.path("method").asText(null))) {
                    errors.add(new LineError(number, "method", "must be \"POST\""));
                }
                String lineModel = node.path("body").path("model").asText(null);
                if (lineModel == null) {
                    errors.add(new LineError(number, "body.model", "is required"));
                } else if (io.terafleet.coordinator.intake.StorableText.problem(lineModel) != null) {
                    errors.add(new LineError(number, "body.model",
                            io.terafleet.coordinator.intake.StorableText.problem(lineModel)));
                } else if (model == null) {
                    model = lineModel;
                }
            }
        }
        if (model == null && errors.isEmpty()) {
            errors.add(new LineError(0, null, "the file holds no requests"));
        }
        return model;
    }
}
