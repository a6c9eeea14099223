package io.terafleet.generation;

/**
 * How an engine runs.
 *
 * @param threads      ONNX Runtime intra-op threads (the car's cores given to inference)
 * @param maxBatchSize the most sequences decoded together in one step; further submissions wait
 */
public record EngineOptions(int threads, int maxBatchSize) {

    public EngineOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, was " + maxBatchSize);
        }
    }

    /** Two threads and up to 16 sequences per step. */
    public static EngineOptions defaults() {
        return new EngineOptions(2, 16);
    }
}
