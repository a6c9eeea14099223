package io.terafleet.agent.inference;

/**
 * An {@link Embedder#embed} call was stopped by {@link Embedder#interrupt()} because the car is needed: an
 * expected outcome (the caller releases its work), not a failure of the model.
 */
public final class InferenceInterruptedException extends EmbeddingException {

    private static final long serialVersionUID = 1L;

    public InferenceInterruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
