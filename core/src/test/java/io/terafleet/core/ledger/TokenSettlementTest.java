package io.terafleet.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Generated answers charged by their tokens: the price, the owners' split by tokens, the key, the reversal. */
class TokenSettlementTest {
    private static final Instant AT = Instant.parse("2030-06-01T09:00:00Z");
    private static final PriceList PRICES = new PriceList("EUR", Map.of())
            .withTokens("gpt", Money.parse("EUR", "0.01"), Money.parse("EUR", "0.03"));
    private static final Settlement SETTLEMENT = new Settlement(PRICES, SettlementTerms.defaults());

    @Test
    void pricesPromptAndCompletionTokensSeparatelyRoundingOnce() {
        assertThat(PRICES.priceForTokens("gpt", 1000, 1000)).contains(Money.parse("EUR", "0.04"));
        // 7 × 10,000 + 3 × 30,000 = 160,000 micro-units per 1,000 tokens → 160 micro-units
        assertThat(PRICES.priceForTokens("gpt", 7, 3).orElseThrow().micros()).isEqualTo(160);
        assertThat(PRICES.priceForTokens("other", 7, 3)).isEmpty();
        assertThat(PRICES.priceFor("gpt", 1)).isEmpty();
        assertThatThrownBy(() -> PRICES.withTokens("x", Money.parse("USD", "1"), Money.parse("EUR", "1")))
                .hasMessageStartingWith("tokens.x:");
    }

    @Test
    void chargesTheTenantAndPaysTheOwnerWithTheTokensOnBothLines() {
        var answer = answer(List.of(new DeliveredAnswer.CarTokens("car-1", "alice", 30)), 12);
        Posting posting = settled(answer);

        long charge = (12 * 10_000 + 30 * 30_000 + 500) / 1000;
        assertThat(posting.idempotencyKey()).isEqualTo("settle:gen:chatcmpl-1:0");
        assertThat(posting.amountOn(Account.customer("acme"))).isEqualTo(-charge);
        assertThat(posting.amountOn(Account.owner("alice"))).isEqualTo(charge * 7_000 / 10_000);
        assertThat(posting.amountOn(Account.platformFees())).isEqualTo(charge - charge * 7_000 / 10_000);
        Entry customer = posting.entries().getFirst();
        assertThat(customer.promptTokens()).isEqualTo(-12);
        assertThat(customer.completionTokens()).isEqualTo(-30);
        Entry owner = posting.entries().get(1);
        assertThat(owner.resultId()).isEqualTo("chatcmpl-1:0:car-1");
        assertThat(owner.promptTokens()).isEqualTo(12);
        assertThat(owner.completionTokens()).isEqualTo(30);
        assertThat(LedgerChecks.violations(List.of(posting))).isEmpty();

        Posting reversal = Corrections.reverse(posting, AT.plusSeconds(60));
        assertThat(reversal.entries().getFirst().completionTokens()).isEqualTo(30);
    }

    @Test
    void aResumedAnswerSplitsTheOwnersShareByTheTokensEachCarProduced() {
        var answer = answer(List.of(new DeliveredAnswer.CarTokens("car-1", "alice", 10),
                new DeliveredAnswer.CarTokens("car-2", "bob", 20)), 5);
        Posting posting = settled(answer);

        long charge = (5 * 10_000 + 30 * 30_000 + 500) / 1000;
        long pool = charge * 7_000 / 10_000;
        long alice = posting.amountOn(Account.owner("alice"));
        long bob = posting.amountOn(Account.owner("bob"));
        assertThat(alice + bob).isEqualTo(pool);
        assertThat(alice).isBetween(pool / 3, pool / 3 + 1);
        assertThat(posting.entries().get(1).promptTokens()).isEqualTo(5);
        assertThat(posting.entries().get(2).promptTokens()).isZero();
        assertThat(posting.entries().get(2).completionTokens()).isEqualTo(20);
    }

    @Test
    void eachCarsOwnerIsReimbursedTheEnergyPaidForItsPartFundedByThePlatformAndCappedPerToken() {
        // 0.30 EUR/kWh; car-1 reports 40 mWh for 10 tokens, car-2 500 mWh for 20 (above 10 mWh per token).
        var answer = answer(List.of(new DeliveredAnswer.CarTokens("car-1", "alice", 10, 40, 300_000),
                new DeliveredAnswer.CarTokens("car-2", "bob", 20, 500, 300_000)), 5);
        Posting posting = settled(answer);

        long charge = (5 * 10_000 + 30 * 30_000 + 500) / 1000;
        long pool = charge * 7_000 / 10_000;
        long aliceEnergy = EnergyPricing.costMicros(40, 300_000);
        long bobEnergy = EnergyPricing.costMicros(200, 300_000);
        assertThat(posting.amountOn(Account.owner("alice")) + posting.amountOn(Account.owner("bob")))
                .isEqualTo(pool + aliceEnergy + bobEnergy);
        assertThat(posting.entries()).filteredOn(e -> e.role() == EntryRole.ENERGY)
                .extracting(Entry::energyMilliWh).containsExactly(40L, 200L);
        assertThat(posting.amountOn(Account.energyReimbursement())).isEqualTo(-(aliceEnergy + bobEnergy));
        assertThat(posting.amountOn(Account.customer("acme"))).as("the customer pays tokens only").isEqualTo(-charge);
        assertThat(posting.entries().stream().mapToLong(Entry::amountMicros).sum()).isZero();
        assertThat(LedgerChecks.violations(List.of(posting))).isEmpty();
    }

    @Test
    void nothingToChargeWithoutTokensOrAPrice() {
        var empty = answer(List.of(new DeliveredAnswer.CarTokens("car-1", "alice", 0)), 0);
        assertThat(SETTLEMENT.settle(empty)).isInstanceOf(SettlementOutcome.NotSettled.class);
        var unpriced = new DeliveredAnswer("r", 0, Account.customer("acme"), "other", 3,
                List.of(new DeliveredAnswer.CarTokens("car-1", "alice", 3)), AT);
        assertThat(SETTLEMENT.settle(unpriced)).isInstanceOf(SettlementOutcome.NotSettled.class);
        assertThatThrownBy(() -> new DeliveredAnswer("r", 0, Account.customer("acme"), "gpt", 3, List.of(), AT))
                .hasMessageStartingWith("cars:");
    }

    private static DeliveredAnswer answer(List<DeliveredAnswer.CarTokens> cars, long prompt) {
        return new DeliveredAnswer("chatcmpl-1", 0, Account.customer("acme"), "gpt", prompt, cars, AT);
    }

    private static Posting settled(DeliveredAnswer answer) {
        return ((SettlementOutcome.Settled) SETTLEMENT.settle(answer)).posting();
    }
}
