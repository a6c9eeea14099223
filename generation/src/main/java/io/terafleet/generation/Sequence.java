package io.terafleet.generation;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One generation inside the engine: its cache, the token waiting to be fed, what it produced so far.
 * Touched only by the engine's decode thread, except {@link #cancel()} and {@link #result()}.
 */
final class Sequence implements GenerationHandle {

    private final GenerationRequest request;
    private final TokenListener listener;
    private final TextStream text;
    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
    private volatile boolean cancelled;
    private KvCache cache;
    private int pendingToken = -1;
    private int[] tokens = new int[16];
    private float[] logprobs = new float[16];
    private int generated;

    Sequence(GenerationRequest request, TokenListener listener, TextStream text) {
        this.request = request;
        this.listener = listener;
        this.text = text;
    }

    GenerationRequest request() {
        return request;
    }

    KvCache cache() {
        return cache;
    }

    void startWith(KvCache prefilled) {
        this.cache = prefilled;
    }

    /** The token the next decode step feeds, at position {@code cache().length()}. */
    int pendingToken() {
        return pendingToken;
    }

    /** The output position of the next token, counted from the original request's first generated token. */
    int outputPosition() {
        return request.alreadyGenerated() + generated;
    }

    boolean cancelRequested() {
        return cancelled;
    }

    boolean done() {
        return result.isDone();
    }

    /**
     * Takes the token just chosen. Finishes the sequence on an end token, a stop sequence, the token
     * budget or a full context; otherwise the token becomes the next one fed.
     */
    void accept(Sampler.Choice choice, Set<Integer> eos, int contextLength) {
        if (eos.contains(choice.token())) {
            finish(FinishReason.STOP);
            return;
        }
        if (generated == tokens.length) {
            tokens = Arrays.copyOf(tokens, generated * 2);
            logprobs = Arrays.copyOf(logprobs, generated * 2);
        }
        tokens[generated] = choice.token();
        logprobs[generated] = choice.logprob();
        generated++;
        boolean last = generated >= request.remainingTokens() || cache.length() >= contextLength;
        String increment = text.add(choice.token(), last);
        listener.onToken(choice.token(), increment, choice.logprob());
        if (text.stopped()) {
            finish(FinishReason.STOP);
        } else if (last) {
            finish(FinishReason.LENGTH);
        } else {
            pendingToken = choice.token();
        }
    }

    void finish(FinishReason reason) {
        result.complete(new GenerationResult(Arrays.copyOf(tokens, generated), Arrays.copyOf(logprobs, generated),
                text.text(), reason, request.promptTokens().length));
        cache = null;
    }

    void fail(Throwable cause) {
        result.completeExceptionally(cause);
        cache = null;
    }

    @Override
    public CompletableFuture<GenerationResult> result() {
        return result;
    }

    @Override
    public void cancel() {
        cancelled = true;
    }
}
