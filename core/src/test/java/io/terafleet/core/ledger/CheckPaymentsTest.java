package io.terafleet.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checking cars paid by the platform: compute at the owners' share of the tokens' price, energy capped, balanced. */
class CheckPaymentsTest {
    private static final Instant AT = Instant.parse("2030-06-01T09:00:00Z");
    private static final PriceList PRICES = new PriceList("EUR", Map.of())
            .withTokens("gpt", Money.parse("EUR", "0.01"), Money.parse("EUR", "0.03"));
    private static final CheckPayments PAYMENTS = new CheckPayments(PRICES, SettlementTerms.defaults());

    @Test
    void aScoringCheckIsPaidTheOwnersShareOfItsTokensAndItsEnergyByThePlatform() {
        Posting posting = PAYMENTS.pay(new CheckWork("u1-chk", "lease-9", "checker", "carol", "gpt", 400, 0, 300,
                300_000, AT)).orElseThrow();

        long compute = (400 * 10_000 + 500) / 1000 * 7_000 / 10_000; // 4,000 µ at 70%
        long energy = EnergyPricing.costMicros(300, 300_000);
        assertThat(posting.idempotencyKey()).isEqualTo("settle:check:u1-chk");
        assertThat(posting.kind()).isEqualTo(PostingKind.SETTLEMENT);
        assertThat(posting.amountOn(Account.owner("carol"))).isEqualTo(compute + energy);
        assertThat(posting.amountOn(Account.platformFees())).isEqualTo(-compute);
        assertThat(posting.amountOn(Account.energyReimbursement())).isEqualTo(-energy);
        assertThat(posting.entries()).filteredOn(e -> e.account().type() == AccountType.OWNER)
                .allSatisfy(e -> {
                    assertThat(e.carId()).isEqualTo("checker");
                    assertThat(e.resultId()).as("points at the check's lease").isEqualTo("lease-9");
                });
        assertThat(LedgerChecks.violations(List.of(posting))).isEmpty();
    }

    @Test
    void aReplicaCheckPaysGeneratedTokensAtTheCompletionPriceAndEnergyIsCappedPerToken() {
        Posting posting = PAYMENTS.pay(new CheckWork("u1-rep", "lease-3", "car-x", "dave", "gpt", 10, 20, 1_000_000,
                300_000, AT)).orElseThrow();

        long compute = (10 * 10_000 + 20 * 30_000 + 500) / 1000 * 7_000 / 10_000;
        long capped = SettlementTerms.defaults().maxEnergyMilliWhPerInput() * 30;
        assertThat(posting.amountOn(Account.platformFees())).isEqualTo(-compute);
        assertThat(posting.entries()).filteredOn(e -> e.role() == EntryRole.ENERGY).singleElement()
                .extracting(Entry::energyMilliWh).isEqualTo(capped);
        assertThat(posting.entries().stream().mapToLong(Entry::amountMicros).sum()).isZero();
    }

    @Test
    void aCheckWithoutATokenPriceIsPaidItsEnergyOnlyAndWithNeitherNothing() {
        Posting energyOnly = PAYMENTS.pay(new CheckWork("u2-chk", "lease-1", "checker", "carol", "other", 50, 0, 100,
                300_000, AT)).orElseThrow();
        assertThat(energyOnly.amountOn(Account.platformFees())).isZero();
        assertThat(energyOnly.amountOn(Account.owner("carol"))).isPositive();

        assertThat(PAYMENTS.pay(new CheckWork("u3-chk", "lease-2", "checker", "carol", "other", 50, 0, 0, 300_000,
                AT))).isEmpty();
    }
}
