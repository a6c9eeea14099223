package io.terafleet.core.api;

/**
 * A car's finished generation for one {@link GenerationTask}: the tokens it generated itself (after any resumed
 * ones), their log-probabilities under the model's unscaled distribution, why it ended ({@code stop},
 * {@code length}) and how many prompt tokens it read (the resumed tokens not counted).
 */
public record GenerationOutput(int[] tokens, float[] logprobs, String finishReason, int promptTokens) {
    public static final String STOP = "stop";
    public static final String LENGTH = "length";
}
