package io.terafleet.core.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Money crossing the ledger's edge through the clearing account. */
public final class Payments {
    private Payments() {
    }

    /** A customer paid {@code amount} (reference: the payment provider's id, used in the key). */
    public static Posting customerPayment(String customerId, Money amount, String reference, Instant at) {
        requirePositive(amount.micros(), "amount");
        return new Posting("payment:" + reference, PostingKind.CUSTOMER_PAYMENT, amount.currency(), at, reference, null,
                null, List.of(Entry.of(Account.clearing(), EntryRole.PAYMENT, -amount.micros()),
                        Entry.of(Account.customer(customerId), EntryRole.PAYMENT, amount.micros())));
    }

    /**
     * An owner paid out, car by car (what each car earned and has not been paid yet), so that a later
     * quarantine of one car voids only that car's unpaid credit.
     */
    public static Posting ownerPayout(String ownerId, String currency, Map<String, Long> microsByCar, String reference,
                                      Instant at) {
        if (microsByCar.isEmpty()) {
            throw new IllegalArgumentException("microsByCar: a payout pays at least one car");
        }
        List<Entry> entries = new ArrayList<>();
        long total = 0;
        for (var car : new TreeMap<>(microsByCar).entrySet()) {
            requirePositive(car.getValue(), "microsByCar." + car.getKey());
            entries.add(Entry.forCar(Account.owner(ownerId), EntryRole.PAYOUT, -car.getValue(), car.getKey()));
            total = Math.addExact(total, car.getValue());
        }
        entries.add(Entry.of(Account.clearing(), EntryRole.PAYOUT, total));
        return new Posting("payout:" + reference, PostingKind.OWNER_PAYOUT, currency, at, reference, null, null, entries);
    }

    private static void requirePositive(long micros, String field) {
        if (micros <= 0) {
            throw new IllegalArgumentException(field + ": must be > 0, was " + Money.format(micros));
        }
    }
}
