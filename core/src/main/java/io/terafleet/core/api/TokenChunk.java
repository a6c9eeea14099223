package io.terafleet.core.api;

import java.util.List;

/**
 * Tokens a car streams to the coordinator while it generates: {@code from} is the position in the whole answer
 * of the first of them (resumed tokens count), so that the coordinator takes each position once. {@code texts}
 * holds the text each token adds (possibly empty, while the start of a stop sequence is held back);
 * {@code tailText}, sent when the car stops, is the held-back text no token carried.
 */
public record TokenChunk(int from, int[] tokens, List<String> texts, float[] logprobs, String tailText) {
    public TokenChunk {
        tokens = tokens == null ? new int[0] : tokens;
        texts = texts == null ? List.of() : List.copyOf(texts);
        logprobs = logprobs == null ? new float[0] : logprobs;
        if (texts.size() != tokens.length || logprobs.length != tokens.length) {
            throw new IllegalArgumentException("texts and logprobs: must have one entry per token (" + tokens.length
                    + "), had " + texts.size() + " and " + logprobs.length);
        }
        if (from < 0) {
            throw new IllegalArgumentException("from: must be >= 0, was " + from);
        }
    }
}
