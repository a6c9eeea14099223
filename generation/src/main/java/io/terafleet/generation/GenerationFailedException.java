package io.terafleet.generation;

/** The model itself failed (ONNX Runtime refused a pass); a result future completes with it. */
public final class GenerationFailedException extends RuntimeException {
    public GenerationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
