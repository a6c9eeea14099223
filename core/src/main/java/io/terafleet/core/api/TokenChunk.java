package io.terafleet.core.api;

import java.util.List;

/**
 * Tokens a car streams to the coordinator while it generates: {@code from} is the position in the whole answer
 * of the first of them (resumed tokens count), so that the coordinator takes each position once. {@code texts}
 * holds the text each token adds (possibly empty, while the start of a stop sequence is held back);
 * {@code tailText}, sent when the car stops, is the held-back text no token carried. {@code signature} is the car's
 * Ed25519 signature over the chunk's place in its stream ({@link io.terafleet.core.identity.StreamChain}): the
 * coordinator relays no chunk to a customer before it has checked it.
 */
public record TokenChunk(int from, int[] tokens, List<String> texts, float[] logprobs, String tailText,
                         String signature) {
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

    /** Not signed yet. */
    public TokenChunk(int from, int[] tokens, List<String> texts, float[] logprobs, String tailText) {
        this(from, tokens, texts, logprobs, tailText, null);
    }

    /** The same chunk with {@code signature} (base64 of the car's signature of its stream digest). */
    public TokenChunk withSignature(String signature) {
        return new TokenChunk(from, tokens, texts, logprobs, tailText, signature);
    }
}
