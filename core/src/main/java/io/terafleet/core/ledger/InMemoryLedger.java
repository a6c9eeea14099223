package io.terafleet.core.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger's rules without a store: postings kept once per idempotency key, balances, unpaid credit
 * per car. For simulations and tests; the coordinator's store applies the same rules in SQL. Not
 * thread-safe.
 */
public final class InMemoryLedger {
    private final Map<String, Posting> byKey = new LinkedHashMap<>();

    public PostOutcome post(Posting posting) {
        Posting stored = byKey.get(posting.idempotencyKey());
        if (stored == null) {
            byKey.put(posting.idempotencyKey(), posting);
            return new PostOutcome.Stored(posting);
        }
        return stored.sameContentAs(posting) ? new PostOutcome.AlreadyStored(stored)
                : new PostOutcome.KeyConflict(posting.idempotencyKey(), posting.differenceFrom(stored));
    }

    public Optional<Posting> find(String idempotencyKey) {
        return Optional.ofNullable(byKey.get(idempotencyKey));
    }

    public List<Posting> postings() {
        return List.copyOf(byKey.values());
    }

    public Money balance(Account account, String currency) {
        long sum = 0;
        for (Posting posting : byKey.values()) {
            if (posting.currency().equals(currency)) {
                sum = Math.addExact(sum, posting.amountOn(account));
            }
        }
        return new Money(currency, sum);
    }

    /** What the platform still owes the owner for this car's work: the sum of the owner's entries for it. */
    public Money unpaidCredit(String carId, String currency) {
        long sum = 0;
        for (Posting posting : byKey.values()) {
            if (!posting.currency().equals(currency)) {
                continue;
            }
            for (Entry entry : posting.entries()) {
                if (entry.account().type() == AccountType.OWNER && carId.equals(entry.carId())) {
                    sum = Math.addExact(sum, entry.amountMicros());
                }
            }
        }
        return new Money(currency, sum);
    }

    /** Zero in a sound ledger (every posting sums to zero); a check, not a bookkeeping figure. */
    public long sumOfAllEntries() {
        long sum = 0;
        for (Posting posting : byKey.values()) {
            for (Entry entry : posting.entries()) {
                sum = Math.addExact(sum, entry.amountMicros());
            }
        }
        return sum;
    }

    /** What {@link LedgerChecks} finds wrong with the postings so far (empty when sound). */
    public List<String> violations() {
        return LedgerChecks.violations(new ArrayList<>(byKey.values()));
    }
}
