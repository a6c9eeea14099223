package io.terafleet.generation;

import java.util.concurrent.CompletableFuture;

/** A submitted generation: its eventual result, and a way to stop it early. */
public interface GenerationHandle {

    /**
     * Completes when the generation ends, normally with {@link FinishReason#CANCELLED} after
     * {@link #cancel()}; exceptionally only if the model itself fails.
     */
    CompletableFuture<GenerationResult> result();

    /** Stops the generation before its next decode step; the tokens so far stay in the result. */
    void cancel();
}
