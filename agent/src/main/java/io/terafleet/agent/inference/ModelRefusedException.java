package io.terafleet.agent.inference;

/**
 * A model's bytes are not the ones registered (their SHA-256 differs), or the model is not registered at all:
 * the car does not run it. Only registered, hash-checked data runs on a car.
 */
public final class ModelRefusedException extends EmbeddingException {
    private static final long serialVersionUID = 1L;

    public ModelRefusedException(String message) {
        super(message);
    }
}
