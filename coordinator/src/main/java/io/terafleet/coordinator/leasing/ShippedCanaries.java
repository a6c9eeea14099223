package io.terafleet.coordinator.leasing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.coordinator.generation.StoredAnswer;
import io.terafleet.core.api.GenerationTask;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The generative canaries that ship with a model: fixed prompts and the shipped model's greedy answers to them,
 * computed once (and checked against the model by the generation module's tests), in
 * {@code io/terafleet/core/verification/{model}-canaries.json}.
 */
final class ShippedCanaries {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One canary: its id, the task a car receives (JSON) and the known answer ({@link StoredAnswer} JSON). */
    record Canary(String id, String taskJson, String answerJson) {
    }

    private ShippedCanaries() {
    }

    /** The canaries shipped for {@code model}; none when it ships none. */
    static List<Canary> of(String model) {
        try (InputStream in = ShippedCanaries.class.getResourceAsStream("/io/terafleet/core/verification/" + model
                + "-canaries.json")) {
            if (in == null) {
                return List.of();
            }
            List<Canary> canaries = new ArrayList<>();
            for (JsonNode node : JSON.readTree(in)) {
                GenerationTask task = JSON.treeToValue(node.get("task"), GenerationTask.class);
                StoredAnswer answer = JSON.treeToValue(node.get("answer"), StoredAnswer.class);
                canaries.add(new Canary(node.get("id").asText(), JSON.writeValueAsString(task), answer.toJson()));
            }
            return canaries;
        } catch (IOException e) {
            throw new UncheckedIOException("the canaries shipped for " + model + " are not readable", e);
        }
    }
}
