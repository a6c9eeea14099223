package io.terafleet.coordinator.jobs;

/** Which inputs of a job a result stream carries. */
public enum ResultFilter {
    /** Every input, with its embedding or its error (or neither while pending). */
    ALL,
    /** Only inputs with an embedding: the output file. */
    SUCCEEDED,
    /** Only inputs with an error: the error file. */
    FAILED
}
