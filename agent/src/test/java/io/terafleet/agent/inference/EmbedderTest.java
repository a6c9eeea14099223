package io.terafleet.agent.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real all-MiniLM-L6-v2 model; one embedder shared by all tests to keep the class fast. */
class EmbedderTest {

    private static final String EATING_FOOD = "A man is eating food.";
    private static final String EATING_BREAD = "A man is eating a piece of bread.";
    private static final String CARRYING_BABY = "The girl is carrying a baby.";

    @TempDir
    static Path cacheDir;

    private static Embedder embedder;

    @BeforeAll
    static void openModel() {
        embedder = Embedders.open("all-minilm-l6-v2", cacheDir, 1);
    }

    @AfterAll
    static void closeModel() {
        embedder.close();
    }

    @Test
    void vectorsHave384DimensionsAndUnitNorm() {
        float[][] vectors = embedder.embed(List.of(EATING_FOOD, "", "Short.", longText(400)));

        assertThat(embedder.modelName()).isEqualTo("all-minilm-l6-v2");
        assertThat(embedder.dimensions()).isEqualTo(384);
        assertThat(vectors).hasNumberOfRows(4);
        for (float[] vector : vectors) {
            assertThat(vector).hasSize(384);
            assertThat(Math.sqrt(Vectors.dot(vector, vector))).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void matchesSentenceTransformersReferenceOutput() {
        // First components of the vector sentence-transformers prints for this sentence with
        // all-MiniLM-L6-v2 (model card example); pins tokenisation, pooling and normalisation together.
        float[] vector = embedder.embed(List.of("This is an example sentence"))[0];

        assertThat(vector[0]).isCloseTo(0.0676569f, within(1e-4f));
        assertThat(vector[1]).isCloseTo(0.0634959f, within(1e-4f));
        assertThat(vector[2]).isCloseTo(0.0487131f, within(1e-4f));
        assertThat(vector[3]).isCloseTo(0.0793050f, within(1e-4f));
        assertThat(vector[4]).isCloseTo(0.0374480f, within(1e-4f));
    }

    @Test
    void similarSentencesAreCloserThanUnrelatedOnes() {
        float[][] v = embedder.embed(List.of(EATING_FOOD, EATING_BREAD, CARRYING_BABY));

        double related = Vectors.cosine(v[0], v[1]);
        double unrelated = Vectors.cosine(v[0], v[2]);

        assertThat(related).isGreaterThan(0.6);
        assertThat(unrelated).isLessThan(0.25);
        assertThat(related - unrelated).isGreaterThan(0.4);
    }

    @Test
    void paddingInsideABatchDoesNotChangeTheVector() {
        float[] alone = embedder.embed(List.of(EATING_FOOD))[0];
        List<String> batch = List.of(longText(300), EATING_FOOD, longText(120), longText(2000));

        float[] padded = embedder.embed(batch)[1];

        assertThat(Vectors.cosine(alone, padded)).isGreaterThanOrEqualTo(0.9999);
    }

    @Test
    void textsBeyondTheTokenLimitAreTruncatedNotRejected() {
        // 256 tokens is the limit; both texts share the first ~1000 words, so truncation makes them equal.
        String base = longText(6000);
        float[][] v = embedder.embed(List.of(base, base + " and then something entirely different happens"));

        assertThat(Vectors.cosine(v[0], v[1])).isGreaterThan(0.99999);
    }

    @Test
    void embedInBatchesMatchesOneBigBatchInOrder() {
        List<String> texts = sentences(10);

        float[][] whole = embedder.embed(texts);
        float[][] batched = embedder.embedInBatches(texts, 3);

        assertThat(batched).hasNumberOfRows(10);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(Vectors.cosine(whole[i], batched[i])).isGreaterThanOrEqualTo(0.9999);
        }
    }

    @Test
    void emptyListGivesEmptyArray() {
        assertThat(embedder.embed(List.of())).isEmpty();
        assertThat(embedder.embedInBatches(List.of(), 32)).isEmpty();
    }

    @Test
    void nullTextAndBadBatchSizeAreRejected() {
        assertThatThrownBy(() -> embedder.embed(Collections.singletonList(null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("index 0");
        assertThatThrownBy(() -> embedder.embedInBatches(List.of("a"), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentCallsOnOneEmbedderGiveTheSameVectors() throws Exception {
        List<String> texts = sentences(8);
        float[][] expected = embedder.embed(texts);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[][]>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> embedder.embed(texts)));
            }
            for (Future<float[][]> result : results) {
                float[][] actual = result.get();
                for (int i = 0; i < texts.size(); i++) {
                    assertThat(Vectors.cosine(expected[i], actual[i])).isGreaterThan(0.999999);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static List<String> sentences(int count) {
        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sentences.add("Vehicle " + i + " parked at charger " + (i * 7 % 13)
                    + " reports a battery temperature of " + (20 + i) + " degrees and an idle GPU.");
        }
        return sentences;
    }

    /** English-like filler of roughly {@code chars} characters. */
    static String longText(int chars) {
        String phrase = "The fleet of parked electric cars lends its idle processors to a shared inference cloud. ";
        StringBuilder text = new StringBuilder();
        while (text.length() < chars) {
            text.append(phrase);
        }
        return text.substring(0, chars);
    }
}
