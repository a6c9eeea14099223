package io.terafleet.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.terafleet.core.policy.Tariff;
import io.terafleet.core.policy.TariffBand;
import io.terafleet.core.policy.TimeWindow;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettlementTest {
    private static final Instant AT = Instant.parse("2030-03-01T10:00:00Z");
    private static final String MODEL = "all-minilm-l6-v2";
    /** 0.02 EUR per 1,000 inputs. */
    private final PriceList prices = PriceList.of("EUR", MODEL, Money.parse("EUR", "0.02"));
    private final Settlement settlement = new Settlement(prices, new SettlementTerms(7_000, 10));

    private static VerifiedWork work(String result, String car, String owner, long milliWh, String pricePerKwh) {
        return new VerifiedWork(result, car, owner, milliWh, Money.parse("EUR", pricePerKwh).micros());
    }

    @Test
    void aUnitByOneTrustedCarPaysItsOwnerShareAndEnergy() {
        var unit = new VerifiedUnit("u1", "j1", Account.customer("acme"), MODEL, 1000,
                List.of(work("lease-1", "car-1", "alice", 4_000, "0.30")), AT);

        Posting posting = ((SettlementOutcome.Settled) settlement.settle(unit)).posting();

        // 1,000 inputs at 0.02 per 1,000; 70% to the owner; 4 Wh at 0.30 per kWh = 0.0012.
        assertThat(posting.idempotencyKey()).isEqualTo("settle:u1");
        assertThat(posting.amountOn(Account.customer("acme"))).isEqualTo(-20_000);
        assertThat(posting.amountOn(Account.owner("alice"))).isEqualTo(14_000 + 1_200);
        assertThat(posting.amountOn(Account.platformFees())).isEqualTo(6_000);
        assertThat(posting.amountOn(Account.energyReimbursement())).isEqualTo(-1_200);
        assertThat(posting.entries().stream().mapToLong(Entry::amountMicros).sum()).isZero();
        assertThat(posting.entries()).filteredOn(Entry::isOwnerCredit)
                .allSatisfy(e -> assertThat(e.resultId()).isEqualTo("lease-1"))
                .allSatisfy(e -> assertThat(e.carId()).isEqualTo("car-1"));
    }

    @Test
    void replicasSplitTheShareExactlyAndEachGetsItsOwnEnergy() {
        // 7 inputs at 0.02/1000 = 140 micros; 70% = 98 micros over 3 owners = 33 + 33 + 32.
        var unit = new VerifiedUnit("u2", "j1", Account.customer("acme"), MODEL, 7, List.of(
                work("r-c", "car-3", "carol", 30, "0.10"),
                work("r-a", "car-1", "alice", 20, "0.30"),
                work("r-b", "car-2", "bob", 10, "0.20")), AT);

        Posting posting = ((SettlementOutcome.Settled) settlement.settle(unit)).posting();

        assertThat(posting.amountOn(Account.customer("acme"))).isEqualTo(-140);
        var shares = posting.entries().stream().filter(e -> e.role() == EntryRole.REVENUE_SHARE).toList();
        assertThat(shares).extracting(Entry::resultId).containsExactly("r-a", "r-b", "r-c");
        assertThat(shares).extracting(Entry::amountMicros).containsExactly(33L, 33L, 32L);
        assertThat(shares).extracting(Entry::units).containsOnly(1);
        assertThat(posting.amountOn(Account.platformFees())).isEqualTo(42);
        var energy = posting.entries().stream().filter(e -> e.role() == EntryRole.ENERGY).toList();
        assertThat(energy).extracting(Entry::amountMicros).containsExactly(6L, 2L, 3L);
    }

    @Test
    void energyAboveTheCapIsNotPaid() {
        var unit = new VerifiedUnit("u3", "j1", Account.customer("acme"), MODEL, 100,
                List.of(work("r", "car-1", "alice", 50_000_000, "0.30")), AT);

        Posting posting = ((SettlementOutcome.Settled) settlement.settle(unit)).posting();

        var energy = posting.entries().stream().filter(e -> e.role() == EntryRole.ENERGY).findFirst().orElseThrow();
        assertThat(energy.energyMilliWh()).isEqualTo(1_000);
        assertThat(energy.amountMicros()).isEqualTo(300);
    }

    @Test
    void nothingDeliveredOrNothingVerifiedChargesNoOne() {
        var w = List.of(work("r", "car-1", "alice", 10, "0.30"));
        assertThat(settlement.settle(new VerifiedUnit("u", "j", Account.customer("c"), MODEL, 0, w, AT)))
                .isInstanceOf(SettlementOutcome.NotSettled.class);
        assertThat(settlement.settle(new VerifiedUnit("u", "j", Account.customer("c"), MODEL, 10, List.of(), AT)))
                .isInstanceOf(SettlementOutcome.NotSettled.class);
        assertThat(settlement.settle(new VerifiedUnit("u", "j", Account.customer("c"), "other-model", 10, w, AT)))
                .isInstanceOfSatisfying(SettlementOutcome.NotSettled.class,
                        n -> assertThat(n.reason()).contains("no price for model other-model"));
    }

    @Test
    void twoReplicasOfOneOwnerAreRefused() {
        var unit = new VerifiedUnit("u", "j", Account.customer("c"), MODEL, 10, List.of(
                work("r1", "car-1", "alice", 1, "0.1"), work("r2", "car-2", "alice", 1, "0.1")), AT);
        assertThatThrownBy(() -> settlement.settle(unit)).hasMessageStartingWith("valid:");
    }

    @Test
    void aCanaryIsPaidByThePlatformLikeAnyUnit() {
        var unit = new VerifiedUnit("canary-7", "j9", Account.platformFees(), MODEL, 1000,
                List.of(work("r", "car-1", "alice", 0, "0.30")), AT);

        Posting posting = ((SettlementOutcome.Settled) settlement.settle(unit)).posting();

        assertThat(posting.amountOn(Account.owner("alice"))).isEqualTo(14_000);
        assertThat(posting.amountOn(Account.platformFees())).isEqualTo(-14_000);
    }

    @Test
    void aReversalUndoesEveryLineAndAVoidMovesUnpaidCreditToSuspense() {
        var unit = new VerifiedUnit("u1", "j1", Account.customer("acme"), MODEL, 1000,
                List.of(work("lease-1", "car-1", "alice", 400_000, "0.30")), AT);
        Posting original = ((SettlementOutcome.Settled) settlement.settle(unit)).posting();
        Posting reversal = Corrections.reverse(original, AT.plusSeconds(60));

        var ledger = new InMemoryLedger();
        ledger.post(original);
        ledger.post(reversal);
        assertThat(reversal.reverses()).isEqualTo("settle:u1");
        assertThat(ledger.balance(Account.owner("alice"), "EUR").micros()).isZero();
        assertThat(ledger.balance(Account.customer("acme"), "EUR").micros()).isZero();
        assertThatThrownBy(() -> Corrections.reverse(reversal, AT)).hasMessageStartingWith("original:");

        ledger.post(((SettlementOutcome.Settled) settlement.settle(new VerifiedUnit("u2", "j1",
                Account.customer("acme"), MODEL, 1000, List.of(work("lease-2", "car-1", "alice", 0, "0.3")), AT))).posting());
        Money unpaid = ledger.unpaidCredit("car-1", "EUR");
        assertThat(unpaid.micros()).isEqualTo(14_000);
        Posting voided = Corrections.voidUnpaidCredit("alice", "car-1", unpaid, "q1", AT).orElseThrow();
        ledger.post(voided);
        assertThat(ledger.unpaidCredit("car-1", "EUR").micros()).isZero();
        assertThat(ledger.balance(Account.suspense(), "EUR").micros()).isEqualTo(14_000);
        assertThat(Corrections.voidUnpaidCredit("alice", "car-1", Money.zero("EUR"), "q2", AT)).isEmpty();
        assertThat(ledger.sumOfAllEntries()).isZero();
        assertThat(ledger.violations()).isEmpty();
    }

    @Test
    void theOwnersTariffAtTheTimeOfWorkPricesTheEnergy() {
        var tariff = new Tariff(0.32, List.of(new TariffBand(TimeWindow.parse("23:00-05:00"), 0.12)));
        assertThat(EnergyPricing.microsPerKwh(tariff, LocalTime.of(2, 0))).isEqualTo(120_000);
        assertThat(EnergyPricing.microsPerKwh(tariff, LocalTime.of(12, 0))).isEqualTo(320_000);
        assertThat(EnergyPricing.milliWh(1.25)).isEqualTo(1_250);
        assertThat(EnergyPricing.milliWh(null)).isZero();
        assertThat(EnergyPricing.milliWh(Double.NaN)).isZero();
        assertThat(EnergyPricing.costMicros(1_500, 320_000)).isEqualTo(480);
    }
}
