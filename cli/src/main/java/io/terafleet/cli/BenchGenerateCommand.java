package io.terafleet.cli;

import io.terafleet.agentdist.ModelCacheOption;
import io.terafleet.generation.BuiltInGenerationModels;
import io.terafleet.generation.EngineOptions;
import io.terafleet.generation.GenerationBenchmark;
import io.terafleet.generation.GenerationEngine;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code terafleet bench-generate}: tokens per second of the generation engine called directly in this
 * process, one sequence at a time and under continuous batching, the baseline a car's generation is
 * measured against.
 */
@Command(name = "bench-generate", mixinStandardHelpOptions = true,
        description = "Direct in-process text generation: tokens/s at several numbers of concurrent sequences.")
final class BenchGenerateCommand implements Callable<Integer> {

    @Option(names = "--model", defaultValue = "kjv-gpt", description = "Built-in text-generation model (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--model-dir", description = "A model folder (model.onnx, tokenizer.json, generation.json) instead of a built-in model")
    Path modelDir;

    @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--concurrency", split = ",", defaultValue = "1,4,16",
            description = "Concurrent sequences to measure, comma-separated (default: ${DEFAULT-VALUE})")
    int[] concurrency;

    @Option(names = "--requests", defaultValue = "32", description = "Generations per measurement (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--max-tokens", defaultValue = "64", description = "Tokens per generation at most (default: ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0.8", description = "Sampling temperature, 0 for greedy (default: ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--rounds", defaultValue = "1",
            description = "Rounds over all concurrencies, alternated so a shared machine's drift hits each alike (default: ${DEFAULT-VALUE})")
    int rounds;

    @Mixin
    ModelCacheOption modelCache = new ModelCacheOption();

    @Override
    public Integer call() throws Exception {
        Path dir = modelDir != null ? modelDir : BuiltInGenerationModels.extract(model, modelCache.path());
        int maxConcurrency = Arrays.stream(concurrency).max().orElse(1);
        try (GenerationEngine engine = GenerationEngine.open(dir, new EngineOptions(threads, maxConcurrency))) {
            List<int[]> prompts = SampleCorpus.take(requests).stream().map(BenchGenerateCommand::opening)
                    .map(engine::encode).toList();
            System.out.printf("direct generation: %s (%d layers, %d heads x %d), %d ORT threads, %d generations of"
                            + " up to %d tokens, temperature %.2f%n", engine.info().name(), engine.info().layers(),
                    engine.info().kvHeads(), engine.info().headDim(), threads, requests, maxTokens, temperature);
            GenerationBenchmark.run(engine, prompts, maxConcurrency, Math.min(requests, maxConcurrency), maxTokens,
                    temperature);
            for (int round = 1; round <= rounds; round++) {
                for (int c : concurrency) {
                    GenerationBenchmark.Measurement m = GenerationBenchmark.run(engine, prompts, c, requests, maxTokens,
                            temperature);
                    System.out.printf("round %d, concurrency %2d: %6d tokens in %6.2f s = %7.1f tokens/s,"
                                    + " first token after %.1f ms%n",
                            round, c, m.tokens(), m.seconds(), m.tokensPerSecond(), m.meanFirstTokenMillis());
                }
            }
        }
        return 0;
    }

    /** The first words of a verse: the model goes on from there. */
    private static String opening(String verse) {
        String[] words = verse.split(" ");
        return String.join(" ", Arrays.asList(words).subList(0, Math.min(6, words.length)));
    }
}
