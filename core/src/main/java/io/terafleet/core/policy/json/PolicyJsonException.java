package io.terafleet.core.policy.json;

/** Policy JSON that cannot be used; the message starts with the field's path, e.g. {@code tariff.bands[0].window: …}. */
final class PolicyJsonException extends IllegalArgumentException {
    PolicyJsonException(String message) {
        super(message);
    }

    PolicyJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
