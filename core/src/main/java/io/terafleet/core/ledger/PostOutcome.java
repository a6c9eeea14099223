package io.terafleet.core.ledger;

/** What posting did. A conflict is an expected outcome (a bug or a replay elsewhere), not an exception. */
public sealed interface PostOutcome {

    /** Stored now. */
    record Stored(Posting posting) implements PostOutcome {
    }

    /** Stored before under the same key with the same content: nothing changed; this is the stored one. */
    record AlreadyStored(Posting posting) implements PostOutcome {
    }

    /** A different posting is stored under this key: nothing changed. */
    record KeyConflict(String idempotencyKey, String detail) implements PostOutcome {
        public String message() {
            return "idempotency key " + idempotencyKey + " is already used by a different posting: " + detail;
        }
    }

    /** The stored posting: for Stored and AlreadyStored; throws for a conflict, naming the key. */
    default Posting postingOrThrow() {
        return switch (this) {
            case Stored s -> s.posting();
            case AlreadyStored a -> a.posting();
            case KeyConflict c -> throw new IllegalStateException(c.message());
        };
    }
}
