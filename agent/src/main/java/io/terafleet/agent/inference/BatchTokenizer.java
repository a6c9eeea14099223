package io.terafleet.agent.inference;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a list of texts into one padded batch of token ids with the model's own HuggingFace
 * {@code tokenizer.json}: special tokens added, truncation at the model's token limit, padding to the
 * longest text in the batch (not to the limit, which would make short batches pay for 256 tokens).
 */
final class BatchTokenizer implements AutoCloseable {

    /** A tokenised batch, flattened row-major as ONNX Runtime wants it: {@code [size, length]}. */
    record TokenBatch(int size, int length, long[] inputIds, long[] attentionMask, long[] tokenTypeIds) {
    }

    static {
        // DJL phones home on the first tokenizer it creates (AWS instance metadata, then an S3
        // telemetry URL) and downloads native libraries it cannot find in its jar. A parked car must
        // neither stall on an unreachable network nor fetch code at run time; the native library
        // ships inside the tokenizers jar. Explicit settings by the operator still win.
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("ai.djl.offline", "true");
    }

    private final HuggingFaceTokenizer tokenizer;

    private BatchTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    static BatchTokenizer load(Path tokenizerJson, int maxTokens) throws IOException {
        return new BatchTokenizer(HuggingFaceTokenizer.builder()
                .optTokenizerPath(tokenizerJson)
                .optAddSpecialTokens(true)
                .optTruncation(true)
                .optMaxLength(maxTokens)
                .optPadding(true)
                .build());
    }

    TokenBatch encode(List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int length = encodings[0].getIds().length;
        long[] ids = new long[texts.size() * length];
        long[] mask = new long[ids.length];
        long[] types = new long[ids.length];
        for (int row = 0; row < encodings.length; row++) {
            copyRow(encodings[row].getIds(), ids, row, length);
            copyRow(encodings[row].getAttentionMask(), mask, row, length);
            copyRow(encodings[row].getTypeIds(), types, row, length);
        }
        return new TokenBatch(texts.size(), length, ids, mask, types);
    }

    private static void copyRow(long[] source, long[] target, int row, int length) {
        if (source.length != length) {
            // Padding to the longest is what makes a rectangular tensor possible; fail loudly if it is off.
            throw new IllegalStateException("tokenizer returned ragged rows: " + source.length + " vs " + length);
        }
        System.arraycopy(source, 0, target, row * length, length);
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
