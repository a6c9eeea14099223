package io.terafleet.generation;

import java.util.List;
import java.util.Objects;

/**
 * One generation to run.
 *
 * <p>Sampling is reproducible and resumable: the token at output position {@code i} (counted from the
 * first token generated for the original request) is drawn with a random source derived only from
 * {@code (seed, i)}. A request interrupted after {@code k} tokens is resumed elsewhere by submitting
 * {@code promptTokens = original prompt + those k tokens}, {@code alreadyGenerated = k} and the other
 * fields unchanged; it then produces exactly the tokens the uninterrupted run would have produced.
 *
 * @param promptTokens     the prompt, at least one token
 * @param maxTokens        the most tokens the original request generates in total, {@code alreadyGenerated}
 *                         included: a resumed request generates at most {@code maxTokens - alreadyGenerated}
 * @param temperature      0 for greedy decoding, otherwise the softmax temperature
 * @param topP             nucleus sampling: sample among the most likely tokens whose probabilities sum
 *                         to at least this; 1 disables it
 * @param seed             seed of the sampling random source
 * @param stop             stop sequences: generation ends before the first of them appears in the text
 * @param alreadyGenerated how many of the prompt's last tokens were generated for this request already
 */
public record GenerationRequest(int[] promptTokens, int maxTokens, double temperature, double topP, long seed,
                                List<String> stop, int alreadyGenerated) {

    public GenerationRequest {
        Objects.requireNonNull(promptTokens, "promptTokens");
        if (promptTokens.length == 0) {
            throw new IllegalArgumentException("promptTokens must hold at least one token");
        }
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens must not be negative, was " + maxTokens);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0, was " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], was " + topP);
        }
        stop = stop == null ? List.of() : List.copyOf(stop);
        if (stop.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("stop must not contain an empty string");
        }
        if (alreadyGenerated < 0 || alreadyGenerated > promptTokens.length) {
            throw new IllegalArgumentException("alreadyGenerated must be in [0, promptTokens.length], was "
                    + alreadyGenerated);
        }
    }

    /** Greedy decoding of a fresh prompt, no stop sequences. */
    public static GenerationRequest greedy(int[] promptTokens, int maxTokens) {
        return new GenerationRequest(promptTokens, maxTokens, 0, 1, 0, List.of(), 0);
    }

    /** The tokens this call may still generate. */
    public int remainingTokens() {
        return Math.max(0, maxTokens - alreadyGenerated);
    }
}
