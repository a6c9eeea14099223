package io.terafleet.agent.client;

/**
 * A call to the coordinator that did not succeed. {@link #retryable()} says whether the same
 * call may succeed later (network trouble, 5xx, 429) or never will (4xx: a bug or a bad credential).
 */
public final class CoordinatorException extends RuntimeException {
    private final int status;
    private final boolean retryable;

    public CoordinatorException(String message, int status, boolean retryable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
    }

    /** HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }
}
