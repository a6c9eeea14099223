package io.terafleet.agent.inference;

import java.util.List;

/**
 * A loaded sentence-embedding model: text in, one L2-normalised vector per text out.
 *
 * <p>The intended design is one {@code Embedder} per worker thread, each with its own ONNX Runtime
 * session and a small intra-op thread count, so workers scale across cores without contending.
 * Implementations from {@link Embedders} nevertheless allow concurrent {@link #embed} calls
 * (ONNX Runtime's {@code run} and the tokenizer are both thread-safe) and make {@link #close()} wait
 * for calls in flight, so sharing one is correct, merely not the fast path.
 */
public interface Embedder extends AutoCloseable {

    /** The model's short name, e.g. {@code "all-minilm-l6-v2"}. */
    String modelName();

    /** Length of every vector {@link #embed} returns, e.g. 384. */
    int dimensions();

    /**
     * Embeds all texts as one padded batch (the caller picks the batch size by what it passes).
     * Texts longer than the model's token limit are truncated, as sentence-transformers does.
     *
     * @return one unit-length vector per text, in input order; an empty array for an empty list
     * @throws EmbeddingException if inference fails or the embedder is closed
     */
    float[][] embed(List<String> texts);

    /**
     * Vectors with the tokens the texts took (special tokens included, padding not), in all and per text
     * ({@code perText} empty when the embedder counts none).
     */
    record Embedded(float[][] vectors, int tokens, int[] perText) {
        public Embedded(float[][] vectors, int tokens) {
            this(vectors, tokens, new int[0]);
        }

        /** The tokens text {@code i} took, or null when not counted. */
        public Integer tokensOf(int i) {
            return i < perText.length ? perText[i] : null;
        }
    }

    /**
     * As {@link #embed}, also counting the tokens. An embedder without a tokenizer of its own counts none.
     */
    default Embedded embedCounting(List<String> texts) {
        return new Embedded(embed(texts), 0);
    }

    /**
     * Embeds a list of any length in consecutive batches of at most {@code batchSize} texts, so one
     * very long list cannot pad everything to its longest sentence or allocate one huge tensor.
     */
    default float[][] embedInBatches(List<String> texts, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        float[][] vectors = new float[texts.size()][];
        for (int start = 0; start < texts.size(); start += batchSize) {
            int end = Math.min(start + batchSize, texts.size());
            float[][] batch = embed(texts.subList(start, end));
            System.arraycopy(batch, 0, vectors, start, batch.length);
        }
        return vectors;
    }

    /**
     * Stops every {@link #embed} call in flight as soon as the runtime can (between two graph nodes, typically
     * milliseconds): those calls throw {@link InferenceInterruptedException}. Calls that start afterwards run
     * normally, so a caller that must keep inference off checks its condition before each call. Safe to call
     * from any thread, and when nothing runs.
     */
    void interrupt();

    /** Releases the native session and tokenizer; later calls to {@link #embed} fail. */
    @Override
    void close();
}
