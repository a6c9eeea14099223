package io.terafleet.core.api;

import java.util.List;

/**
 * A car's answer to an {@link OnlineTask}: vectors (base64 float32, see {@link FloatVectors}) with the
 * tokens they took, or output tensors, or an error. {@code retryable} says whether another car may succeed
 * where this one failed (it was needed by its owner, say), as opposed to a request no car can serve.
 * {@code computeNanos} is the car's compute time for the request, so that routing overhead can be told apart.
 * {@code signature} is the car's Ed25519 signature over the answer's
 * {@link io.terafleet.core.identity.OnlineAnswerDigest} (request id, model, answer): the coordinator delivers no
 * answer a car has not signed.
 */
public record OnlineResult(List<String> embeddings, Integer promptTokens, List<TensorData> outputs, String error,
                           Boolean retryable, Long computeNanos, GenerationOutput generation, String signature) {
    public OnlineResult(List<String> embeddings, Integer promptTokens, List<TensorData> outputs, String error,
                        Boolean retryable, Long computeNanos, GenerationOutput generation) {
        this(embeddings, promptTokens, outputs, error, retryable, computeNanos, generation, null);
    }

    public OnlineResult(List<String> embeddings, Integer promptTokens, List<TensorData> outputs, String error,
                        Boolean retryable, Long computeNanos) {
        this(embeddings, promptTokens, outputs, error, retryable, computeNanos, null);
    }

    public static OnlineResult generated(GenerationOutput generation) {
        return new OnlineResult(null, generation.promptTokens(), null, null, null, null, generation);
    }

    /** Without the car's compute time. */
    public OnlineResult(List<String> embeddings, Integer promptTokens, List<TensorData> outputs, String error,
                        Boolean retryable) {
        this(embeddings, promptTokens, outputs, error, retryable, null);
    }

    public static OnlineResult failed(String error, boolean retryable) {
        return new OnlineResult(null, null, null, error, retryable);
    }

    /** The same answer, with how long the car computed it (tokenising and inference, no transfers). */
    public OnlineResult withComputeNanos(long nanos) {
        return new OnlineResult(embeddings, promptTokens, outputs, error, retryable, nanos, generation, signature);
    }

    /** The same answer, signed ({@code signature}: base64 of the car's signature of its digest). */
    public OnlineResult withSignature(String signature) {
        return new OnlineResult(embeddings, promptTokens, outputs, error, retryable, computeNanos, generation,
                signature);
    }
}
