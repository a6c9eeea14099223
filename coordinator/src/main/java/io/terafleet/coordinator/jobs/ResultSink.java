package io.terafleet.coordinator.jobs;

/**
 * Receives a job's results one input at a time, in input order (typically writing them to a
 * client). A sink that writes to a stream reports an I/O failure by throwing an unchecked
 * exception (e.g. {@link java.io.UncheckedIOException}); streaming stops there.
 */
@FunctionalInterface
public interface ResultSink {
    /**
     * @param index     0-based position of the input in the job
     * @param customId  the client's id for the input
     * @param embedding the result, or {@code null}
     * @param error     why there is no result (e.g. {@code cancelled}), or {@code null}; both are
     *                  {@code null} while the input is still pending
     */
    void accept(int index, String customId, float[] embedding, String error);
}
