package io.terafleet.generation;

/**
 * Receives each generated token as it is decoded. Called on the engine's decode thread, in order,
 * once per generated token (end-of-sequence tokens are not reported): keep it short and never block.
 */
@FunctionalInterface
public interface TokenListener {

    /** A listener that ignores tokens, for callers that only want the final result. */
    TokenListener NONE = (tokenId, text, logprob) -> {
    };

    /**
     * @param tokenId the generated token
     * @param text    the text this token adds, safe to show: never half a UTF-8 character and never
     *                the start of a stop sequence that may still complete (such text is held back and
     *                delivered with a later token, so it can be empty). The concatenation over all
     *                calls equals {@link GenerationResult#text()}.
     * @param logprob natural log-probability of the token under the model's unscaled distribution
     *                (temperature 1, no top_p), the figure {@link GenerationEngine#score} reproduces
     */
    void onToken(int tokenId, String text, float logprob);
}
