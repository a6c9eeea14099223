package io.terafleet.generation;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop throughput of an engine: {@code concurrency} clients each keep one generation in flight and
 * submit the next as soon as theirs ends, until {@code requests} generations have run. The figure is
 * generated tokens per wall-clock second, prompt processing included, as a customer would see it.
 */
public final class GenerationBenchmark {

    /**
     * @param requests            generations completed
     * @param tokens              tokens generated in all
     * @param seconds             wall-clock time from the first submission to the last completion
     * @param meanFirstTokenMillis mean time from submission to a generation's first token
     */
    public record Measurement(int concurrency, int requests, long tokens, double seconds, double meanFirstTokenMillis) {
        public double tokensPerSecond() {
            return tokens / seconds;
        }
    }

    private GenerationBenchmark() {
    }

    /**
     * Runs {@code requests} generations of up to {@code maxTokens} tokens over the prompts (cycled), sampled
     * at {@code temperature} with seed = request index, so a rerun generates the same tokens.
     */
    public static Measurement run(GenerationEngine engine, List<int[]> prompts, int concurrency, int requests,
                                  int maxTokens, double temperature) {
        AtomicInteger next = new AtomicInteger();
        AtomicLong tokens = new AtomicLong();
        AtomicLong firstTokenNanos = new AtomicLong();
        long start = System.nanoTime();
        CompletableFuture<?>[] clients = new CompletableFuture<?>[concurrency];
        for (int c = 0; c < concurrency; c++) {
            clients[c] = client(engine, prompts, requests, maxTokens, temperature, next, tokens, firstTokenNanos);
        }
        CompletableFuture.allOf(clients).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Measurement(concurrency, requests, tokens.get(), seconds, firstTokenNanos.get() / 1e6 / requests);
    }

    private static CompletableFuture<Void> client(GenerationEngine engine, List<int[]> prompts, int requests,
                                                  int maxTokens, double temperature, AtomicInteger next,
                                                  AtomicLong tokens, AtomicLong firstTokenNanos) {
        int index = next.getAndIncrement();
        if (index >= requests) {
            return CompletableFuture.completedFuture(null);
        }
        GenerationRequest request = new GenerationRequest(prompts.get(index % prompts.size()), maxTokens,
                temperature, 1.0, index, List.of(), 0);
        long submitted = System.nanoTime();
        boolean[] first = {true};
        return engine.submit(request, (id, text, logprob) -> {
            if (first[0]) {
                first[0] = false;
                firstTokenNanos.addAndGet(System.nanoTime() - submitted);
            }
        }).result().thenCompose(result -> {
            tokens.addAndGet(result.tokens().length);
            return client(engine, prompts, requests, maxTokens, temperature, next, tokens, firstTokenNanos);
        });
    }
}
