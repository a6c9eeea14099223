package io.terafleet.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine on a tiny random-weight model exported by the training script in the same layout as kjv-gpt. */
class GenerationEngineTest {

    static final Path TINY = Path.of("src/test/resources/models/tiny-random");
    private static GenerationEngine engine;

    @BeforeAll
    static void open() throws Exception {
        engine = GenerationEngine.open(TINY, new EngineOptions(1, 16));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static GenerationResult run(GenerationEngine e, GenerationRequest request) throws Exception {
        return e.submit(request, TokenListener.NONE).result().get(60, TimeUnit.SECONDS);
    }

    @Test
    void metadataComesFromTheGraphAndGenerationJson() {
        ModelInfo info = engine.info();
        assertThat(info.name()).isEqualTo("tiny-random");
        assertThat(info.layers()).isEqualTo(2);
        assertThat(info.kvHeads()).isEqualTo(2);
        assertThat(info.headDim()).isEqualTo(16);
        assertThat(info.vocabSize()).isEqualTo(1024);
        assertThat(info.contextLength()).isEqualTo(64);
        assertThat(info.eosTokenIds()).containsExactly(1023);
    }

    @Test
    void greedyDecodingReproducesTheTrainingFrameworksOutput() throws Exception {
        JsonNode refs = new ObjectMapper().readTree(TINY.resolve("reference.json").toFile());
        for (JsonNode ref : refs) {
            int[] prompt = ints(ref.get("prompt_ids"));
            assertThat(engine.encode(ref.get("prompt").asText())).containsExactly(prompt);
            int[] expected = ints(ref.get("tokens"));
            GenerationResult result = run(engine, GenerationRequest.greedy(prompt, expected.length));
            assertThat(result.tokens()).containsExactly(expected);
            for (int i = 0; i < expected.length; i++) {
                assertThat(result.logprobs()[i]).isCloseTo((float) ref.get("logprobs").get(i).asDouble(), within(1e-3f));
            }
        }
    }

    @Test
    void greedyWithTheKvCacheEqualsFullRecomputation() throws Exception {
        int[] prompt = engine.encode("And God said, Let there be light");
        GenerationResult cached = run(engine, GenerationRequest.greedy(prompt, 40));
        int[] sequence = prompt;
        for (int i = 0; i < cached.tokens().length; i++) {
            float[] logits = engine.logitsAfter(sequence);
            int argmax = 0;
            for (int t = 1; t < logits.length; t++) {
                argmax = logits[t] > logits[argmax] ? t : argmax;
            }
            assertThat(cached.tokens()[i]).as("token %d", i).isEqualTo(argmax);
            assertThat(cached.logprobs()[i]).isCloseTo(Sampler.logprob(logits, argmax), within(1e-4f));
            sequence = append(sequence, argmax);
        }
        assertThat(cached.tokens()).hasSize(40);
    }

    @Test
    void continuousBatchingEqualsOneAtATime() throws Exception {
        List<GenerationRequest> requests = new ArrayList<>();
        String[] prompts = {"In the beginning", "And the LORD spake unto Moses, saying,", "Blessed are",
            "The", "For God so loved the world, that he gave his only begotten Son", "Amen.", "Jesus wept.",
            "Vanity of vanities"};
        for (int i = 0; i < prompts.length; i++) {
            // Different lengths and budgets, so sequences join and leave the batch at different steps.
            requests.add(new GenerationRequest(engine.encode(prompts[i]), 5 + 7 * i, i % 2 == 0 ? 0 : 0.8, 0.95,
                    100 + i, List.of(), 0));
        }
        List<GenerationResult> alone = new ArrayList<>();
        for (GenerationRequest r : requests) {
            alone.add(run(engine, r));
        }
        List<GenerationHandle> handles = requests.stream().map(r -> engine.submit(r, TokenListener.NONE)).toList();
        for (int i = 0; i < requests.size(); i++) {
            GenerationResult together = handles.get(i).result().get(60, TimeUnit.SECONDS);
            assertThat(together.tokens()).as("request %d", i).containsExactly(alone.get(i).tokens());
            assertThat(together.finishReason()).isEqualTo(alone.get(i).finishReason());
            for (int t = 0; t < together.tokens().length; t++) {
                assertThat(together.logprobs()[t]).isCloseTo(alone.get(i).logprobs()[t], within(1e-4f));
            }
        }
    }

    @Test
    void requestsBeyondTheBatchLimitWaitAndThenDecodeTheSame() throws Exception {
        try (GenerationEngine narrow = GenerationEngine.open(TINY, new EngineOptions(1, 2))) {
            List<int[]> prompts = List.of(engine.encode("Ask"), engine.encode("and it shall be given you;"),
                    engine.encode("seek, and ye shall find"), engine.encode("knock"), engine.encode("and it shall"));
            List<GenerationHandle> handles = prompts.stream()
                    .map(p -> narrow.submit(GenerationRequest.greedy(p, 12 + p.length), TokenListener.NONE)).toList();
            for (int i = 0; i < prompts.size(); i++) {
                int[] alone = run(engine, GenerationRequest.greedy(prompts.get(i), 12 + prompts.get(i).length)).tokens();
                assertThat(handles.get(i).result().get(60, TimeUnit.SECONDS).tokens()).containsExactly(alone);
            }
        }
    }

    @Test
    void closingCancelsWhatIsInFlight() throws Exception {
        GenerationEngine closing = GenerationEngine.open(TINY, new EngineOptions(1, 4));
        GenerationHandle handle = closing.submit(GenerationRequest.greedy(engine.encode("Selah"), 60),
                (id, text, lp) -> Thread.onSpinWait());
        closing.close();
        assertThat(handle.result().get(60, TimeUnit.SECONDS).finishReason())
                .isIn(FinishReason.CANCELLED, FinishReason.LENGTH);
        assertThatThrownBy(() -> closing.submit(GenerationRequest.greedy(new int[] {1}, 1), TokenListener.NONE))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void seededSamplingIsReproducibleAndAResumedRequestContinuesExactly() throws Exception {
        int[] prompt = engine.encode("Thou shalt");
        GenerationRequest request = new GenerationRequest(prompt, 30, 0.9, 0.9, 42, List.of(), 0);
        GenerationResult first = run(engine, request);
        GenerationResult again = run(engine, request);
        assertThat(again.tokens()).containsExactly(first.tokens());
        GenerationResult otherSeed = run(engine, new GenerationRequest(prompt, 30, 0.9, 0.9, 43, List.of(), 0));
        assertThat(otherSeed.tokens()).isNotEqualTo(first.tokens());

        int k = 12;
        int[] resumedPrompt = concat(prompt, Arrays.copyOf(first.tokens(), k));
        GenerationResult resumed = run(engine, new GenerationRequest(resumedPrompt, 30, 0.9, 0.9, 42, List.of(), k));
        assertThat(resumed.tokens()).containsExactly(Arrays.copyOfRange(first.tokens(), k, first.tokens().length));
        assertThat(resumed.promptTokens()).isEqualTo(prompt.length + k);
        assertThat(resumed.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void maxTokensEndsWithLengthAndCountsTokensAlreadyGenerated() throws Exception {
        int[] prompt = engine.encode("Hear, O Israel");
        assertThat(run(engine, GenerationRequest.greedy(prompt, 7)).tokens()).hasSize(7);
        GenerationResult resumedAtTheEnd = run(engine, new GenerationRequest(prompt, 3, 0, 1, 0, List.of(), 3));
        assertThat(resumedAtTheEnd.tokens()).isEmpty();
        assertThat(resumedAtTheEnd.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void theContextLimitEndsGenerationWithLength() throws Exception {
        int[] prompt = new int[60];
        Arrays.fill(prompt, 300);
        GenerationResult result = run(engine, GenerationRequest.greedy(prompt, 50));
        assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(prompt.length + result.tokens().length).isEqualTo(engine.info().contextLength() + 1);
        assertThatThrownBy(() -> engine.submit(GenerationRequest.greedy(new int[65], 1), TokenListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("promptTokens");
    }

    @Test
    void aStopSequenceCutsTheTextAndIsNeverStreamed() throws Exception {
        int[] prompt = engine.encode("Behold,");
        String full = run(engine, GenerationRequest.greedy(prompt, 40)).text();
        assertThat(full.length()).isGreaterThan(20);
        String stop = full.substring(10, 13);
        String expected = full.substring(0, full.indexOf(stop));
        StringBuilder streamed = new StringBuilder();
        GenerationResult stopped = engine.submit(new GenerationRequest(prompt, 40, 0, 1, 0, List.of("never there", stop), 0),
                (id, text, lp) -> streamed.append(text)).result().get(60, TimeUnit.SECONDS);
        assertThat(stopped.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(stopped.text()).isEqualTo(expected);
        assertThat(streamed.toString()).isEqualTo(expected);
    }

    @Test
    void streamedIncrementsAddUpToTheText() throws Exception {
        StringBuilder streamed = new StringBuilder();
        List<Integer> ids = new ArrayList<>();
        GenerationResult result = engine.submit(GenerationRequest.greedy(engine.encode("O"), 30), (id, text, lp) -> {
            streamed.append(text);
            ids.add(id);
        }).result().get(60, TimeUnit.SECONDS);
        assertThat(streamed.toString()).isEqualTo(result.text()).isEqualTo(engine.decode(result.tokens()));
        assertThat(ids).containsExactly(Arrays.stream(result.tokens()).boxed().toArray(Integer[]::new));
    }

    @Test
    void scoreMatchesTheLogprobsReportedWhileGenerating() throws Exception {
        int[] prompt = engine.encode("My son, hear the instruction of thy father");
        GenerationResult sampled = run(engine, new GenerationRequest(prompt, 25, 1.0, 1.0, 7, List.of(), 0));
        float[] scores = engine.score(prompt, sampled.tokens());
        assertThat(scores).hasSize(sampled.tokens().length);
        for (int i = 0; i < scores.length; i++) {
            assertThat(scores[i]).isCloseTo(sampled.logprobs()[i], within(1e-4f));
        }
    }

    @Test
    void cancelEndsTheGenerationWithTheTokensSoFar() throws Exception {
        AtomicReference<GenerationHandle> handle = new AtomicReference<>();
        List<Integer> seen = new ArrayList<>();
        handle.set(engine.submit(GenerationRequest.greedy(engine.encode("Now"), 60), (id, text, lp) -> {
            seen.add(id);
            GenerationHandle self = handle.get();
            if (seen.size() >= 3 && self != null) {
                self.cancel();
            }
        }));
        GenerationResult result = handle.get().result().get(60, TimeUnit.SECONDS);
        assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(result.tokens()).hasSizeBetween(3, 59).hasSize(seen.size());
    }

    @Test
    void textRoundTripsThroughTheByteLevelTokenizer() {
        String text = "Selah. Ἐν ἀρχῇ ἦν ὁ λόγος — בְּרֵאשִׁית ✓";
        assertThat(engine.decode(engine.encode(text))).isEqualTo(text);
    }

    @Test
    void theChatTemplateLaysMessagesOutAsTheModelWasTrained() {
        String prompt = engine.applyChatTemplate(List.of(new ChatMessage("system", "Speak as the preacher."),
                new ChatMessage("user", "Vanity of vanities")));
        assertThat(prompt).isEqualTo("Speak as the preacher.\nVanity of vanities\n");
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    static int[] append(int[] a, int t) {
        int[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = t;
        return out;
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
