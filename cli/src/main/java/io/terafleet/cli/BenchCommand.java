package io.terafleet.cli;

import io.terafleet.agentdist.ModelCacheOption;
import io.terafleet.agentdist.ExitScope;
import io.terafleet.agent.inference.Embedder;
import io.terafleet.agent.inference.Embedders;
import io.terafleet.core.model.ModelCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code terafleet bench direct}: the baseline the fleet is measured against: the same model and
 * sentences, batched straight into ONNX Runtime in this process, one worker per thread.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Direct in-process batched inference on the sample corpus: the baseline for the fleet's throughput.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--sentences", defaultValue = "2000", description = "Sentences (default: ${DEFAULT-VALUE})")
    int sentences;

    @Option(names = "--workers", defaultValue = "4", description = "Worker threads, each with its own session (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--batch-size", defaultValue = "8", description = "Inputs per inference call (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--unit-size", defaultValue = "64",
            description = "Sort each run of this many inputs by length before batching, as a car sorts its unit; 0 keeps input order (default: ${DEFAULT-VALUE})")
    int unitSize;

    @Option(names = "--model", defaultValue = ModelCatalog.DEFAULT_MODEL, description = "Model (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--rounds", defaultValue = "3", description = "Measured rounds after one warm-up round (default: ${DEFAULT-VALUE})")
    int rounds;

    @Mixin
    ModelCacheOption modelCache = new ModelCacheOption();

    @Override
    public Integer call() throws Exception {
        List<String> texts = unitSize > 0 ? sortedWithinUnits(SampleCorpus.take(sentences), unitSize)
                : SampleCorpus.take(sentences);
        Path cache = modelCache.path();
        ExitScope.loadOnnxRuntime();
        List<Embedder> embedders = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            embedders.add(Embedders.open(model, cache, 1));
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            System.out.printf("direct inference: %s, %d sentences, %d workers x 1 ORT thread, batch %d, %s%n",
                    model, sentences, workers, batchSize,
                    unitSize > 0 ? "sorted by length within runs of " + unitSize : "input order");
            long warmStart = System.nanoTime();
            runRound(texts, embedders, pool);
            double warmSeconds = (System.nanoTime() - warmStart) / 1e9;
            System.out.printf("warm-up (cold sessions): %.2f s, %.0f sentences/s%n", warmSeconds, sentences / warmSeconds);
            for (int r = 1; r <= rounds; r++) {
                long start = System.nanoTime();
                runRound(texts, embedders, pool);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("round %d: %.2f s, %.0f sentences/s%n", r, seconds, sentences / seconds);
            }
        } finally {
            pool.shutdownNow();
            embedders.forEach(Embedder::close);
        }
        return 0;
    }

    /** The order a fleet computes in: each unit's inputs shortest first (see the agent's UnitRunner). */
    static List<String> sortedWithinUnits(List<String> texts, int unitSize) {
        List<String> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += unitSize) {
            List<String> unit = new ArrayList<>(texts.subList(from, Math.min(from + unitSize, texts.size())));
            unit.sort(java.util.Comparator.comparingInt(String::length));
            out.addAll(unit);
        }
        return out;
    }

    /** Workers take batches from a shared cursor, as cars take units from the queue. */
    private void runRound(List<String> texts, List<Embedder> embedders, ExecutorService pool) throws Exception {
        var next = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (Embedder embedder : embedders) {
            running.add(pool.submit(() -> {
                int from;
                while ((from = next.getAndAdd(batchSize)) < texts.size()) {
                    embedder.embed(texts.subList(from, Math.min(from + batchSize, texts.size())));
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
    }
}
