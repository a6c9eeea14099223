package io.terafleet.core.api;

import java.util.List;

/**
 * What a car generates for an online {@link OnlineTask#GENERATE} request: either a conversation ({@code messages},
 * formatted by the model's chat template on the car) or a raw {@code prompt}, then sampling parameters.
 * {@code resumeTokens} are the tokens another car already generated for this answer: the car appends them to the
 * prompt and goes on from there, so that sampling (which depends only on the seed and the position) continues
 * exactly where the other car stopped.
 *
 * @param messages     the conversation (role, content), or null for a raw prompt
 * @param prompt       the raw prompt, or null for a conversation
 * @param maxTokens    the most tokens of the whole answer, resumed ones included
 * @param temperature  0 for greedy decoding
 * @param topP         nucleus sampling, 1 for none
 * @param seed         the sampling seed (always set: replicas and resumptions must draw alike)
 * @param stop         stop sequences, possibly empty
 * @param resumeTokens tokens generated already, possibly empty
 * @param resumeText   the text the customer was shown for them (a car stopped while it held back part of a
 *                     character), or null
 * @param score        null to generate; else a check: the tokens another car answered, which this car re-scores in
 *                     one teacher-forced pass (answering, per position, the token its own sampler chooses there and
 *                     the log-probability of the answered token) instead of generating
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record GenerationTask(List<Message> messages, String prompt, int maxTokens, double temperature, double topP,
                             long seed, List<String> stop, int[] resumeTokens, String resumeText, int[] score) {
    /** One turn of a conversation. */
    public record Message(String role, String content) {
    }

    public GenerationTask {
        stop = stop == null ? List.of() : List.copyOf(stop);
        resumeTokens = resumeTokens == null ? new int[0] : resumeTokens;
    }

    /** A task to generate. */
    public GenerationTask(List<Message> messages, String prompt, int maxTokens, double temperature, double topP,
                          long seed, List<String> stop, int[] resumeTokens, String resumeText) {
        this(messages, prompt, maxTokens, temperature, topP, seed, stop, resumeTokens, resumeText, null);
    }

    /** The same request, resumed after {@code tokens} already generated and shown as {@code text}. */
    public GenerationTask resumedAfter(int[] tokens, String text) {
        return new GenerationTask(messages, prompt, maxTokens, temperature, topP, seed, stop, tokens, text, score);
    }

    /** The same request as a check of {@code answer}: re-scored from the prompt, nothing resumed. */
    public GenerationTask checking(int[] answer) {
        return new GenerationTask(messages, prompt, maxTokens, temperature, topP, seed, stop, null, null, answer);
    }

    /** Whether this task re-scores another car's answer instead of generating. */
    public boolean rescores() {
        return score != null;
    }
}
