package io.terafleet.core.ledger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Invariant I3 over a set of postings, as a list of violations (empty when the ledger is sound). */
public final class LedgerChecks {
    private LedgerChecks() {
    }

    public static List<String> violations(Collection<Posting> postings) {
        List<String> problems = new ArrayList<>();
        Map<String, Long> sums = new HashMap<>();
        Set<String> keys = new HashSet<>();
        postings.forEach(p -> keys.add(p.idempotencyKey()));
        for (Posting posting : postings) {
            long sum = 0;
            for (Entry entry : posting.entries()) {
                sum += entry.amountMicros();
                if (entry.isOwnerCredit() && posting.kind() == PostingKind.SETTLEMENT && entry.resultId() == null) {
                    problems.add(posting.idempotencyKey() + ": owner credit to " + entry.account()
                            + " names no verified result");
                }
            }
            sums.merge(posting.currency(), sum, Long::sum);
            if (sum != 0) {
                problems.add(posting.idempotencyKey() + ": entries sum to " + Money.format(sum));
            }
            if (posting.kind() == PostingKind.REVERSAL && !keys.contains(posting.reverses())) {
                problems.add(posting.idempotencyKey() + ": reverses unknown posting " + posting.reverses());
            }
        }
        sums.forEach((currency, sum) -> {
            if (sum != 0) {
                problems.add("all " + currency + " entries sum to " + Money.format(sum) + ", not zero");
            }
        });
        return problems;
    }
}
