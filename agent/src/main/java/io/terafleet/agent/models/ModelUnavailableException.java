package io.terafleet.agent.models;

import io.terafleet.agent.inference.EmbeddingException;

/** A registered model cannot be fetched now (no Wi-Fi, say); later it may. Not a refusal of its bytes. */
public final class ModelUnavailableException extends EmbeddingException {
    private static final long serialVersionUID = 1L;

    public ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
