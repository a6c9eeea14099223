package io.terafleet.core.api;

import java.util.List;

/**
 * One online request handed to a car: embed {@code texts}, or run the graph on {@code inputs} and
 * return {@code outputs} (all outputs when empty), or generate text for {@code generation}.
 *
 * @param kind {@link #EMBED}, {@link #INFER} or {@link #GENERATE}
 */
public record OnlineTask(String requestId, String model, String kind, List<String> texts, List<TensorData> inputs,
                         List<String> outputs, GenerationTask generation) {
    public static final String EMBED = "embed";
    public static final String INFER = "infer";
    /** Generate text, streaming tokens as {@link TokenChunk}s before the answer. */
    public static final String GENERATE = "generate";

    /** An embedding or tensor request (no generation). */
    public OnlineTask(String requestId, String model, String kind, List<String> texts, List<TensorData> inputs,
                      List<String> outputs) {
        this(requestId, model, kind, texts, inputs, outputs, null);
    }

    /**
     * Score a generation: the log-probability of each of {@code generation.resumeTokens()} after the prompt,
     * in one teacher-forced pass (a spot check of another car's answer).
     */
    public static final String SCORE = "score";

    public static OnlineTask score(String requestId, String model, GenerationTask generation) {
        return new OnlineTask(requestId, model, SCORE, null, null, null, generation);
    }

    public static OnlineTask generate(String requestId, String model, GenerationTask generation) {
        return new OnlineTask(requestId, model, GENERATE, null, null, null, generation);
    }
}
