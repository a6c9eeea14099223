package io.terafleet.core.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Corrections are new postings, never edits: the ledger is append-only, so any balance on any past
 * day can be recomputed and audited.
 */
public final class Corrections {
    private Corrections() {
    }

    /** The key of the reversal of the posting stored under {@code key}: a posting is reversed at most once. */
    public static String reversalKey(String key) {
        return "reverse:" + key;
    }

    /** Undoes {@code original} exactly: every entry negated (amounts, units, inputs and energy alike). */
    public static Posting reverse(Posting original, Instant at) {
        if (original.kind() == PostingKind.REVERSAL) {
            throw new IllegalArgumentException("original: " + original.idempotencyKey()
                    + " is itself a reversal; post the original again under a new key instead");
        }
        List<Entry> negated = original.entries().stream().map(Entry::negated).toList();
        return new Posting(reversalKey(original.idempotencyKey()), PostingKind.REVERSAL, original.currency(), at,
                original.idempotencyKey(), original.model(), original.idempotencyKey(), negated, original.apiKey());
    }

    /**
     * Takes back a quarantined car's unpaid credit into suspense.
     *
     * @param unpaid        the car's unpaid credit now (the sum of its owner's entries for this car)
     * @param quarantineRef names the quarantine (e.g. the time it began), so that each quarantine voids once
     * @return the posting, or empty when there is nothing to void
     */
    public static Optional<Posting> voidUnpaidCredit(String ownerId, String carId, Money unpaid, String quarantineRef,
                                                     Instant at) {
        if (!unpaid.isPositive()) {
            return Optional.empty();
        }
        Account.requireId(carId, "carId");
        if (quarantineRef == null || quarantineRef.isBlank() || quarantineRef.length() > 100) {
            throw new IllegalArgumentException("quarantineRef: 1 to 100 characters, was " + quarantineRef);
        }
        List<Entry> entries = List.of(
                Entry.forCar(Account.owner(ownerId), EntryRole.VOID, -unpaid.micros(), carId),
                Entry.of(Account.suspense(), EntryRole.VOID, unpaid.micros()));
        return Optional.of(new Posting(voidKey(carId, quarantineRef), PostingKind.VOID, unpaid.currency(), at, carId,
                null, null, entries));
    }

    public static String voidKey(String carId, String quarantineRef) {
        return "void:" + carId + ":" + quarantineRef;
    }
}
