package io.terafleet.core.api;

import java.util.List;

/**
 * A car's answer to an {@link OnlineTask}: vectors (base64 float32, see {@link FloatVectors}) with the
 * tokens they took, or output tensors, or an error. {@code retryable} says whether another car may succeed
 * where this one failed (it was needed by its owner, say), as opposed to a request no car can serve.
 */
public record OnlineResult(List<String> embeddings, Integer promptTokens, List<TensorData> outputs, String error,
                           Boolean retryable) {
    public static OnlineResult failed(String error, boolean retryable) {
        return new OnlineResult(null, null, null, error, retryable);
    }
}
