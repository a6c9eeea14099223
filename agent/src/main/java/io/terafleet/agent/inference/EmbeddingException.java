package io.terafleet.agent.inference;

/** A model could not be found, extracted, loaded or run. The message names the model and file. */
public class EmbeddingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EmbeddingException(String message) {
        super(message);
    }

    public EmbeddingException(String message, Throwable cause) {
        super(message, cause);
    }
}
