package io.terafleet.coordinator.ledger;

import io.terafleet.core.ledger.Account;
import io.terafleet.core.ledger.Corrections;
import io.terafleet.core.ledger.Money;
import io.terafleet.core.ledger.Payments;
import io.terafleet.core.ledger.Posting;
import io.terafleet.core.ledger.PriceList;
import io.terafleet.core.ledger.Settlement;
import io.terafleet.core.ledger.SettlementOutcome;
import io.terafleet.core.ledger.SettlementTerms;
import io.terafleet.core.ledger.VerifiedUnit;
import io.terafleet.core.ledger.VerifiedWork;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Seeded streams of realistic postings: settlements over several days, reversals, voids, payments, payouts. */
final class LedgerFixtures {
    static final Instant START = Instant.parse("2030-06-01T00:00:00Z");
    static final String MODEL_A = "all-minilm-l6-v2";
    static final String MODEL_B = "bge-small-en";
    static final PriceList PRICES = new PriceList("EUR", Map.of(MODEL_A, 20_000L, MODEL_B, 55_000L));
    static final Settlement SETTLEMENT = new Settlement(PRICES, SettlementTerms.defaults());

    private LedgerFixtures() {
    }

    /** Two cars per owner: owner-0 has car-0 and car-1, and so on. */
    static String ownerOf(int car) {
        return "owner-" + car / 2;
    }

    static Posting settlement(String unitId, String customer, String model, long inputs, Instant at,
                              List<VerifiedWork> valid) {
        var unit = new VerifiedUnit(unitId, "job-" + unitId, Account.customer(customer), model, inputs, valid, at);
        return ((SettlementOutcome.Settled) SETTLEMENT.settle(unit)).posting();
    }

    static VerifiedWork work(String resultId, int car, long milliWh, long microsPerKwh) {
        return new VerifiedWork(resultId, "car-" + car, ownerOf(car), milliWh, microsPerKwh);
    }

    /**
     * {@code count} postings: mostly settlements with one to three replicas from distinct owners, spread
     * over {@code days} days, and now and then a reversal of an earlier settlement, a payment or a payout.
     * Voids are left out here: they depend on balances, which tests read from the store.
     */
    static List<Posting> randomPostings(Random random, int count, int days) {
        List<Posting> postings = new ArrayList<>();
        List<Posting> settlements = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant at = START.plus(Duration.ofMinutes(random.nextInt(days * 24 * 60)));
            int dice = random.nextInt(20);
            if (dice == 0 && !settlements.isEmpty()) {
                postings.add(Corrections.reverse(settlements.remove(random.nextInt(settlements.size())), at));
            } else if (dice == 1) {
                postings.add(Payments.customerPayment("cust-" + random.nextInt(3),
                        new Money("EUR", 1 + random.nextLong(5_000_000)), "psp-" + i, at));
            } else if (dice == 2) {
                int car = random.nextInt(12);
                postings.add(Payments.ownerPayout(ownerOf(car), "EUR", Map.of("car-" + car, 1 + random.nextLong(500)),
                        "po-" + i, at));
            } else {
                Posting settlement = settlement("u-" + i, "cust-" + random.nextInt(3),
                        random.nextBoolean() ? MODEL_A : MODEL_B, 1 + random.nextInt(256), at, replicas(random, i));
                postings.add(settlement);
                settlements.add(settlement);
            }
        }
        return postings;
    }

    private static List<VerifiedWork> replicas(Random random, int unit) {
        List<VerifiedWork> valid = new ArrayList<>();
        Set<String> owners = new HashSet<>();
        int replicas = 1 + random.nextInt(3);
        while (valid.size() < replicas) {
            int car = random.nextInt(12);
            if (owners.add(ownerOf(car))) {
                valid.add(work("res-" + unit + "-" + car, car, random.nextLong(0, 3_000), 100_000 + random.nextLong(300_000)));
            }
        }
        return valid;
    }
}
