package io.terafleet.agent.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Embedder#interrupt()} aborts the ONNX Runtime call in flight, and the embedder keeps working after it. */
class EmbedderInterruptTest {
    private static final String LONG_TEXT = String.join(" ", Collections.nCopies(60,
            "the quick brown fox jumps over the lazy dog"));

    @Test
    void anInterruptedCallThrowsAtOnceAndTheNextCallRunsNormally() throws Exception {
        try (Embedder embedder = Embedders.open("all-minilm-l6-v2", Embedders.defaultCacheDir(), 1)) {
            List<String> big = Collections.nCopies(64, LONG_TEXT); // seconds of work on one thread
            var call = CompletableFuture.supplyAsync(() -> embedder.embed(big));
            Thread.sleep(300);
            long interrupted = System.nanoTime();
            embedder.interrupt();

            Throwable failure = null;
            try {
                call.get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | CompletionException e) {
                failure = e.getCause();
            }
            long stoppedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - interrupted);

            assertThat(failure).isInstanceOf(InferenceInterruptedException.class);
            assertThat(stoppedMillis).as("time from interrupt to the call ending").isLessThan(1000);
            float[][] after = embedder.embed(List.of("A man is eating food."));
            assertThat(after[0]).hasSize(384);
        }
    }

    @Test
    void interruptingWithNothingInFlightChangesNothing() {
        try (Embedder embedder = Embedders.open("all-minilm-l6-v2", Embedders.defaultCacheDir(), 1)) {
            embedder.interrupt();
            assertThat(embedder.embed(List.of("A man is eating food."))[0]).hasSize(384);
        }
    }
}
