package io.terafleet.agent.policy;

/** An owner policy file that cannot be used; the message names the field, e.g. {@code minStateOfChargePercent}. */
public final class PolicyFileException extends IllegalArgumentException {
    public PolicyFileException(String message) {
        super(message);
    }

    public PolicyFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
