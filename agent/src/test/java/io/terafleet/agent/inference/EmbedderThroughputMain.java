package io.terafleet.agent.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Manual measurement, not a test: cold extraction, session creation, and single-embedder throughput
 * on ~100-character sentences. Usage: {@code EmbedderThroughputMain [ortThreads] [batchSize] [seconds]}.
 */
public final class EmbedderThroughputMain {

    private static final String[] SUBJECTS = {"The parked car", "A delivery van", "The charging station",
        "Our fleet manager", "The battery pack", "A sensor on the roof", "The coordinator", "An idle GPU"};
    private static final String[] VERBS = {"reports", "schedules", "rejects", "measures", "forwards",
        "compresses", "embeds", "summarises"};
    private static final String[] OBJECTS = {"a lease for the next inference job", "the temperature of every cell",
        "twelve short product descriptions", "a heartbeat to the coordinator", "the remaining state of charge",
        "an unusually long customer review", "the overnight batch of support tickets"};
    private static final String[] TAILS = {"before midnight.", "while the owner sleeps.", "without waking the car.",
        "as soon as the plug is in.", "when the grid is cheap.", "with a strict energy budget."};

    private EmbedderThroughputMain() {
    }

    public static void main(String[] args) throws IOException {
        int ortThreads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
        Path cacheDir = Files.createTempDirectory("terafleet-models-");
        // the cold extraction is measured into a folder of its own, removed however the run ends
        Thread cleanup = new Thread(() -> deleteTree(cacheDir));
        Runtime.getRuntime().addShutdownHook(cleanup);

        long coldStart = System.nanoTime();
        new ModelCache(cacheDir).materialise(EmbeddingModelSpec.ALL_MINILM_L6_V2);
        System.out.printf("cold extraction: %.0f ms%n", millisSince(coldStart));
        measureOpen(cacheDir, ortThreads);

        List<String> sentences = sentences(4096, new Random(42));
        System.out.printf("mean sentence length: %.1f chars%n",
                sentences.stream().mapToInt(String::length).average().orElse(0));
        try (Embedder embedder = Embedders.open("all-minilm-l6-v2", cacheDir, ortThreads)) {
            measureThroughput(embedder, sentences, batchSize, seconds, ortThreads);
        }
    }

    private static void deleteTree(Path root) {
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + root + ": " + e.getMessage());
        }
    }

    private static void measureOpen(Path cacheDir, int ortThreads) {
        double[] millis = new double[5];
        for (int i = 0; i < millis.length; i++) {
            long started = System.nanoTime();
            Embedder embedder = Embedders.open("all-minilm-l6-v2", cacheDir, ortThreads);
            millis[i] = millisSince(started);
            embedder.close();
        }
        System.out.printf("warm open (cache hit + session + tokenizer), 5 runs: %s ms%n", Arrays.toString(
                Arrays.stream(millis).mapToLong(Math::round).toArray()));
    }

    private static void measureThroughput(Embedder embedder, List<String> sentences, int batchSize,
                                          double seconds, int ortThreads) {
        for (int i = 0; i < 5; i++) {
            embedder.embed(sentences.subList(i * batchSize, (i + 1) * batchSize)); // warm-up
        }
        List<Double> latencies = new ArrayList<>();
        long started = System.nanoTime();
        int embedded = 0;
        int offset = 0;
        while (millisSince(started) < seconds * 1000) {
            if (offset + batchSize > sentences.size()) {
                offset = 0;
            }
            long batchStart = System.nanoTime();
            embedder.embed(sentences.subList(offset, offset + batchSize));
            latencies.add(millisSince(batchStart));
            offset += batchSize;
            embedded += batchSize;
        }
        double elapsed = millisSince(started) / 1000;
        latencies.sort(Double::compare);
        System.out.printf("ortThreads=%d batch=%d: %d sentences in %.1f s = %.1f sentences/s; "
                        + "batch latency p50 %.1f ms, p95 %.1f ms%n", ortThreads, batchSize, embedded, elapsed,
                embedded / elapsed, latencies.get(latencies.size() / 2),
                latencies.get((int) (latencies.size() * 0.95)));
    }

    /** Random but reproducible English sentences of roughly 100 characters. */
    static List<String> sentences(int count, Random random) {
        List<String> sentences = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sentences.add(pick(SUBJECTS, random) + " " + pick(VERBS, random) + " " + pick(OBJECTS, random)
                    + " number " + random.nextInt(1000) + " " + pick(TAILS, random));
        }
        return sentences;
    }

    private static String pick(String[] options, Random random) {
        return options[random.nextInt(options.length)];
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
