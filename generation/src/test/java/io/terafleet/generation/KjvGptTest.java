package io.terafleet.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.core.model.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model that ships: its bytes are the registered ones, and it writes like the King James Version. */
class KjvGptTest {

    @TempDir
    static Path cache;
    private static Path dir;
    private static GenerationEngine engine;

    @BeforeAll
    static void open() throws Exception {
        dir = BuiltInGenerationModels.extract("kjv-gpt", cache);
        engine = GenerationEngine.open(dir, new EngineOptions(1, 8));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void theShippedFilesHashToTheCatalogEntry() throws Exception {
        ModelCatalog.ModelInfo registered = ModelCatalog.findGenerative("kjv-gpt").orElseThrow();
        assertThat(registered.kind()).isEqualTo(ModelCatalog.TEXT_GENERATION);
        assertThat(BuiltInGenerationModels.sha256(dir.resolve("model.onnx"))).isEqualTo(registered.sha256());
        assertThat(BuiltInGenerationModels.sha256(dir.resolve("tokenizer.json"))).isEqualTo(registered.tokenizerSha256());
        assertThat(registered.maxTokens()).isEqualTo(engine.info().contextLength());
        assertThat(Files.size(dir.resolve("model.onnx"))).isLessThan(40L << 20);
    }

    @Test
    void aTamperedFileIsRefused() throws Exception {
        Path other = Files.createDirectories(cache.resolve("tampered"));
        Path extracted = BuiltInGenerationModels.extract("kjv-gpt", other);
        Files.writeString(extracted.resolve("tokenizer.json"), "{}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BuiltInGenerationModels.extract("kjv-gpt", other))
                .hasMessageContaining("refusing");
    }

    @Test
    void theEngineReproducesTheTrainedModelsGreedyOutput() throws Exception {
        JsonNode refs = new ObjectMapper().readTree(
                KjvGptTest.class.getResourceAsStream("/models/kjv-gpt/reference.json"));
        for (JsonNode ref : refs) {
            int[] prompt = GenerationEngineTest.ints(ref.get("prompt_ids"));
            assertThat(engine.encode(ref.get("prompt").asText())).containsExactly(prompt);
            int[] expected = GenerationEngineTest.ints(ref.get("tokens"));
            GenerationResult result = engine.submit(GenerationRequest.greedy(prompt, expected.length), TokenListener.NONE)
                    .result().get(60, TimeUnit.SECONDS);
            // An end token ends the engine's answer early; the reference then carries it and goes on.
            int compared = result.tokens().length;
            assertThat(compared).isPositive();
            for (int i = 0; i < compared; i++) {
                assertThat(result.tokens()[i]).as("token %d of %s", i, ref.get("prompt")).isEqualTo(expected[i]);
                assertThat(result.logprobs()[i]).isCloseTo((float) ref.get("logprobs").get(i).asDouble(), within(1e-3f));
            }
        }
    }

    @Test
    void itWritesInTheKingJamesIdiom() throws Exception {
        int[] prompt = engine.encode(engine.applyChatTemplate(List.of(
                new ChatMessage("user", "And the LORD spake unto Moses, saying,"))));
        GenerationResult sampled = engine.submit(new GenerationRequest(prompt, 120, 0.8, 0.95, 1, List.of(), 0),
                TokenListener.NONE).result().get(60, TimeUnit.SECONDS);
        Set<String> words = Stream.of(sampled.text().split("[^A-Za-z]+")).collect(Collectors.toSet());
        assertThat(words).as(sampled.text())
                .containsAnyOf("unto", "shall", "thou", "thee", "thy", "hath", "ye", "LORD")
                .hasSizeGreaterThan(10);
        // It tells scripture from the evening news: a verse scores far higher per token than a headline.
        float verse = meanLogprob("And the LORD said unto Moses, Stretch out thine hand over the sea.");
        float news = meanLogprob("Quarterly earnings beat analyst expectations despite supply chain woes.");
        assertThat(verse).isGreaterThan(news + 1.0f);
    }

    private static float meanLogprob(String text) {
        int[] tokens = engine.encode(text);
        float[] scores = engine.score(new int[] {tokens[0]}, java.util.Arrays.copyOfRange(tokens, 1, tokens.length));
        float sum = 0;
        for (float s : scores) {
            sum += s;
        }
        return sum / scores.length;
    }

    @Test
    void aCheckInOnePassConfirmsTheModelsOwnAnswerAndRefutesPlausibleTokensItWouldNotChoose() throws Exception {
        int[] prompt = engine.encode("And the LORD said");
        GenerationResult greedy = engine.submit(GenerationRequest.greedy(prompt, 24), TokenListener.NONE).result()
                .get(60, TimeUnit.SECONDS);
        GenerationEngine.Check confirmed = engine.check(prompt, greedy.tokens(), 0, 1, 0, 0.2);
        assertThat(confirmed.chosen()).containsExactly(greedy.tokens());
        for (int i = 0; i < greedy.tokens().length; i++) {
            assertThat(confirmed.logprobs()[i]).isCloseTo(greedy.logprobs()[i], within(0.05f));
        }
        // Sampled elsewhere: tokens the model finds plausible, with their true log-probabilities, but not its choice.
        GenerationResult sampled = engine.submit(new GenerationRequest(prompt, 24, 1.0, 1, 99, List.of(), 0),
                TokenListener.NONE).result().get(60, TimeUnit.SECONDS);
        GenerationEngine.Check refuted = engine.check(prompt, sampled.tokens(), 0, 1, 0, 0.2);
        assertThat(refuted.chosen()).isNotEqualTo(sampled.tokens());
        for (int i = 0; i < sampled.tokens().length; i++) {
            assertThat(refuted.logprobs()[i]).isCloseTo(sampled.logprobs()[i], within(0.05f));
        }
        // Checked with the sampled request's own settings, the same tokens are the model's choices.
        assertThat(engine.check(prompt, sampled.tokens(), 1.0, 1, 99, 0.2).chosen()).containsExactly(sampled.tokens());
    }
}
