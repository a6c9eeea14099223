package io.terafleet.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The known answers of the generative canaries that ship for {@code kjv-gpt} are the shipped model's greedy answers:
 * each task decoded again here gives the same tokens, text and finish reason, and log-probabilities within the
 * comparison tolerance. Run with {@code -Dcanaries.write=PATH} to compute them again into PATH.
 */
class ShippedCanariesTest {
    static final String RESOURCE = "/io/terafleet/core/verification/kjv-gpt-canaries.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PROMPTS = List.of("In the beginning God", "And the LORD spake unto Moses",
            "Blessed are the", "The LORD is my shepherd", "And it came to pass", "Thus saith the LORD",
            "For God so loved", "Let there be");
    private static final int MAX_TOKENS = 16;

    @TempDir
    static Path cache;

    @Test
    void theKnownAnswersAreTheShippedModelsGreedyAnswers() throws Exception {
        Path dir = BuiltInGenerationModels.extract("kjv-gpt", cache);
        try (GenerationEngine engine = GenerationEngine.open(dir, new EngineOptions(1, 8))) {
            String target = System.getProperty("canaries.write");
            if (target != null) {
                Files.writeString(Path.of(target), compute(engine));
            }
            JsonNode shipped;
            try (InputStream in = ShippedCanariesTest.class.getResourceAsStream(RESOURCE)) {
                assertThat(in).as(RESOURCE).isNotNull();
                shipped = JSON.readTree(in);
            }
            assertThat(shipped).hasSize(PROMPTS.size());
            for (JsonNode canary : shipped) {
                JsonNode task = canary.get("task");
                JsonNode known = canary.get("answer");
                int[] prompt = engine.encode(task.get("prompt").asText());
                GenerationResult again = engine.submit(GenerationRequest.greedy(prompt,
                        task.get("maxTokens").asInt()), TokenListener.NONE).result().get(60, TimeUnit.SECONDS);
                assertThat(again.tokens()).as(canary.get("id").asText())
                        .containsExactly(JSON.treeToValue(known.get("tokens"), int[].class));
                assertThat(again.text()).isEqualTo(known.get("text").asText());
                float[] logprobs = JSON.treeToValue(known.get("logprobs"), float[].class);
                for (int i = 0; i < logprobs.length; i++) {
                    assertThat(again.logprobs()[i]).isCloseTo(logprobs[i], within(0.05f));
                }
            }
        }
    }

    private static String compute(GenerationEngine engine) throws Exception {
        ArrayNode all = JSON.createArrayNode();
        for (int i = 0; i < PROMPTS.size(); i++) {
            int[] prompt = engine.encode(PROMPTS.get(i));
            GenerationResult result = engine.submit(GenerationRequest.greedy(prompt, MAX_TOKENS), TokenListener.NONE)
                    .result().get(60, TimeUnit.SECONDS);
            ObjectNode canary = all.addObject();
            canary.put("id", "kjv-gpt-canary-" + i);
            ObjectNode task = canary.putObject("task");
            task.put("prompt", PROMPTS.get(i));
            task.put("maxTokens", MAX_TOKENS);
            task.put("temperature", 0.0);
            task.put("topP", 1.0);
            task.put("seed", 0);
            ObjectNode answer = canary.putObject("answer");
            answer.set("tokens", JSON.valueToTree(result.tokens()));
            answer.set("logprobs", JSON.valueToTree(result.logprobs()));
            answer.put("text", result.text());
            answer.put("finishReason", result.finishReason() == FinishReason.LENGTH ? "length" : "stop");
            answer.put("promptTokens", prompt.length);
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(all) + "\n";
    }
}
