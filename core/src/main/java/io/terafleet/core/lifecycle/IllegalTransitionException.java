package io.terafleet.core.lifecycle;

/** A state change that the lifecycle's transition table forbids: a programming error, never retryable. */
public final class IllegalTransitionException extends IllegalStateException {
    private final String lifecycle;
    private final String from;
    private final String to;

    public IllegalTransitionException(String lifecycle, String from, String to) {
        super(lifecycle + " may not move from " + from + " to " + to);
        this.lifecycle = lifecycle;
        this.from = from;
        this.to = to;
    }

    public String lifecycle() { return lifecycle; }
    public String from() { return from; }
    public String to() { return to; }
}
