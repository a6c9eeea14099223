package io.terafleet.agent.client;

/**
 * A call to the coordinator that did not succeed. {@link #retryable()} says whether the same
 * call may succeed later (network trouble, 5xx, 429) or never will (4xx: a bug or a bad credential).
 */
public final class CoordinatorException extends RuntimeException {
    private final int status;
    private final boolean retryable;
    private final java.time.Duration retryAfter;

    public CoordinatorException(String message, int status, boolean retryable, Throwable cause) {
        this(message, status, retryable, cause, null);
    }

    /** @param retryAfter how long the coordinator asked the caller to wait (a 429 or 503's Retry-After), or null */
    public CoordinatorException(String message, int status, boolean retryable, Throwable cause,
                                java.time.Duration retryAfter) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** The wait the coordinator asked for before the next try, if it named one. */
    public java.util.Optional<java.time.Duration> retryAfter() {
        return java.util.Optional.ofNullable(retryAfter);
    }

    /** HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    /**
     * Whether the coordinator refused the results' signature (not the credential): the results can never count, but
     * the car is still itself.
     */
    public boolean signatureRefused() {
        return status == 403 && getMessage() != null && getMessage().contains("bad-signature");
    }

    public boolean retryable() {
        return retryable;
    }
}
