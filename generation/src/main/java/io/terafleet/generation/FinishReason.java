package io.terafleet.generation;

/** Why a generation ended. */
public enum FinishReason {
    /** An end-of-sequence token or a stop sequence. */
    STOP,
    /** {@code maxTokens} reached, or the model's context is full. */
    LENGTH,
    /** {@link GenerationHandle#cancel()} was called, or the engine closed. */
    CANCELLED
}
