package io.terafleet.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * I3 over seeded random settlements, reversals, voids, payments and payouts: every posting sums to
 * zero, every owner credit references a verified result of its unit, customers are charged exactly the
 * price of what was delivered, and the whole ledger sums to zero.
 */
class SettlementPropertyTest {
    private static final String[] MODELS = {"all-minilm-l6-v2", "bge-small", "clip-vit"};
    private static final Instant EPOCH = Instant.parse("2030-01-01T00:00:00Z");

    @ParameterizedTest
    @ValueSource(longs = {101, 202, 303, 404, 505, 606})
    void randomSettlementsAlwaysBalanceAndPayOnlyVerifiedResults(long seed) {
        var random = new Random(seed);
        var prices = new PriceList("EUR", java.util.Map.of(MODELS[0], random.nextLong(0, 5_000_000),
                MODELS[1], random.nextLong(0, 50_000), MODELS[2], 1L + random.nextLong(100_000_000)));
        var terms = new SettlementTerms(random.nextInt(10_001), random.nextLong(0, 50));
        var settlement = new Settlement(prices, terms);
        var ledger = new InMemoryLedger();
        List<Posting> settled = new ArrayList<>();
        long charged = 0;

        for (int i = 0; i < 500; i++) {
            VerifiedUnit unit = randomUnit(random, i);
            if (!(settlement.settle(unit) instanceof SettlementOutcome.Settled s)) {
                assertThat(unit.inputsDelivered() == 0 || unit.valid().isEmpty()).isTrue();
                continue;
            }
            Posting posting = s.posting();
            assertThat(posting.entries().stream().mapToLong(Entry::amountMicros).sum()).isZero();
            Set<String> verified = new HashSet<>();
            unit.valid().forEach(w -> verified.add(w.resultId()));
            assertThat(posting.entries()).filteredOn(e -> e.account().type() == AccountType.OWNER)
                    .allSatisfy(e -> assertThat(verified).contains(e.resultId()));
            long price = prices.priceFor(unit.model(), unit.inputsDelivered()).orElseThrow().micros();
            assertThat(posting.amountOn(unit.payer())).isEqualTo(-price);
            assertThat(posting.amountOn(Account.platformFees())).isGreaterThanOrEqualTo(0);
            charged += price;
            assertThat(ledger.post(posting)).isInstanceOf(PostOutcome.Stored.class);
            assertThat(ledger.post(posting)).isInstanceOf(PostOutcome.AlreadyStored.class);
            settled.add(posting);
            corrections(random, ledger, settled, i);
        }

        assertThat(ledger.sumOfAllEntries()).isZero();
        assertThat(ledger.violations()).isEmpty();
        long customers = 0;
        for (int c = 0; c < 5; c++) {
            customers += ledger.balance(Account.customer("cust-" + c), "EUR").micros();
        }
        long reversed = ledger.postings().stream().filter(p -> p.kind() == PostingKind.REVERSAL)
                .flatMap(p -> p.entries().stream()).filter(e -> e.role() == EntryRole.CHARGE)
                .mapToLong(Entry::amountMicros).sum();
        long paid = ledger.postings().stream().filter(p -> p.kind() == PostingKind.CUSTOMER_PAYMENT)
                .mapToLong(p -> p.amountOn(Account.clearing())).sum();
        assertThat(customers).as("customers owe what they were charged, less reversals and payments")
                .isEqualTo(-charged + reversed - paid);
    }

    private static VerifiedUnit randomUnit(Random random, int i) {
        int replicas = random.nextInt(5);
        List<VerifiedWork> valid = new ArrayList<>();
        Set<Integer> owners = new HashSet<>();
        for (int r = 0; r < replicas; r++) {
            int owner = random.nextInt(20);
            if (owners.add(owner)) {
                int car = owner * 2 + random.nextInt(2);
                valid.add(new VerifiedWork("res-" + i + "-" + r, "car-" + car, ownerOf(car),
                        random.nextLong(0, 2_000_000), random.nextLong(0, 900_000)));
            }
        }
        long inputs = random.nextInt(6) == 0 ? 0 : random.nextLong(1, 5_000);
        return new VerifiedUnit("unit-" + i, "job-" + i / 10, Account.customer("cust-" + random.nextInt(5)),
                MODELS[random.nextInt(MODELS.length)], inputs, valid, EPOCH.plusSeconds(i));
    }

    /** Two cars per owner. */
    private static String ownerOf(int car) {
        return "owner-" + car / 2;
    }

    private static void corrections(Random random, InMemoryLedger ledger, List<Posting> settled, int i) {
        int dice = random.nextInt(20);
        Instant at = EPOCH.plusSeconds(i).plusMillis(500);
        if (dice == 0) {
            Posting victim = settled.get(random.nextInt(settled.size()));
            assertThat(ledger.post(Corrections.reverse(victim, at))).isNotInstanceOf(PostOutcome.KeyConflict.class);
        } else if (dice == 1) {
            int carNumber = random.nextInt(40);
            String car = "car-" + carNumber;
            Money unpaid = ledger.unpaidCredit(car, "EUR");
            Corrections.voidUnpaidCredit(ownerOf(carNumber), car, unpaid, "q" + i, at).ifPresent(ledger::post);
            assertThat(ledger.unpaidCredit(car, "EUR").micros()).isLessThanOrEqualTo(0);
        } else if (dice == 2) {
            ledger.post(Payments.customerPayment("cust-" + random.nextInt(5),
                    new Money("EUR", 1 + random.nextLong(1_000_000)), "pay-" + i, at));
        } else if (dice == 3) {
            int carNumber = random.nextInt(40);
            String car = "car-" + carNumber;
            long unpaid = ledger.unpaidCredit(car, "EUR").micros();
            if (unpaid > 0) {
                ledger.post(Payments.ownerPayout(ownerOf(carNumber), "EUR", java.util.Map.of(car, unpaid), "po-" + i, at));
                assertThat(ledger.unpaidCredit(car, "EUR").micros()).isZero();
            }
        }
    }
}
