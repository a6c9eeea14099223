package io.terafleet.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerBasicsTest {
    private static final Instant AT = Instant.parse("2030-03-01T10:00:00Z");

    @Test
    void moneyIsExactMicroUnitsAndNeverMixesCurrencies() {
        Money a = Money.parse("EUR", "0.000001");
        assertThat(a.micros()).isEqualTo(1);
        assertThat(Money.parse("EUR", "12.5").toDecimalString()).isEqualTo("12.500000");
        assertThat(Money.parse("EUR", "-3").plus(a).micros()).isEqualTo(-2_999_999);
        assertThatThrownBy(() -> Money.parse("EUR", "0.0000001")).hasMessageStartingWith("amount:");
        assertThatThrownBy(() -> a.plus(Money.zero("USD"))).hasMessageStartingWith("currency:");
        assertThatThrownBy(() -> new Money("eur", 1)).hasMessageStartingWith("currency:");
        assertThatThrownBy(() -> new Money("EUR", Long.MAX_VALUE).plus(a)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void pricesArePerThousandInputsRoundedHalfUp() {
        var prices = PriceList.of("EUR", "m", Money.parse("EUR", "0.001"))
                .with("n", Money.parse("EUR", "2"));
        assertThat(prices.priceFor("m", 1).orElseThrow().micros()).isEqualTo(1);
        assertThat(prices.priceFor("m", 499).orElseThrow().micros()).isEqualTo(499);
        assertThat(prices.priceFor("n", 1).orElseThrow().micros()).isEqualTo(2_000);
        assertThat(prices.priceFor("x", 1)).isEmpty();
        assertThatThrownBy(() -> new PriceList("EUR", Map.of("m", -1L))).hasMessageStartingWith("microsPerThousandInputs.m:");
        assertThatThrownBy(() -> new SettlementTerms(10_001, 1)).hasMessageStartingWith("ownerShareBasisPoints:");
    }

    @Test
    void aPostingMustBalanceAndNameItsParts() {
        var customer = Entry.of(Account.customer("acme"), EntryRole.PAYMENT, 5);
        var clearing = Entry.of(Account.clearing(), EntryRole.PAYMENT, -5);

        assertThatThrownBy(() -> new Posting("k", PostingKind.CUSTOMER_PAYMENT, "EUR", AT, "r", null, null,
                List.of(customer, Entry.of(Account.clearing(), EntryRole.PAYMENT, -4)))).hasMessageStartingWith("entries: must sum to zero");
        assertThatThrownBy(() -> new Posting("k", PostingKind.CUSTOMER_PAYMENT, "EUR", AT, "r", null, null,
                List.of(customer))).hasMessageStartingWith("entries:");
        assertThatThrownBy(() -> new Posting(" ", PostingKind.CUSTOMER_PAYMENT, "EUR", AT, "r", null, null,
                List.of(customer, clearing))).hasMessageStartingWith("idempotencyKey:");
        assertThatThrownBy(() -> new Posting("k", PostingKind.REVERSAL, "EUR", AT, "r", null, null,
                List.of(customer, clearing))).hasMessageStartingWith("reverses:");
        assertThatThrownBy(() -> Entry.of(Account.owner("alice"), EntryRole.REVENUE_SHARE, 1)).hasMessageStartingWith("carId:");
        assertThatThrownBy(() -> Account.owner("a b")).hasMessageStartingWith("id:");
        assertThatThrownBy(() -> new Account(AccountType.SUSPENSE, "x")).hasMessageStartingWith("id:");
    }

    @Test
    void aRetryIsStoredOnceAndADifferentPostingUnderTheSameKeyIsAConflictNamingTheKey() {
        var ledger = new InMemoryLedger();
        Posting payment = Payments.customerPayment("acme", Money.parse("EUR", "10"), "psp-1", AT);
        Posting retry = Payments.customerPayment("acme", Money.parse("EUR", "10"), "psp-1", AT.plusSeconds(3));
        Posting other = Payments.customerPayment("acme", Money.parse("EUR", "11"), "psp-1", AT);

        assertThat(ledger.post(payment)).isInstanceOf(PostOutcome.Stored.class);
        assertThat(ledger.post(retry)).isEqualTo(new PostOutcome.AlreadyStored(payment));
        PostOutcome conflict = ledger.post(other);
        assertThat(conflict).isInstanceOfSatisfying(PostOutcome.KeyConflict.class, c -> {
            assertThat(c.idempotencyKey()).isEqualTo("payment:psp-1");
            assertThat(c.message()).contains("payment:psp-1").contains("amount");
        });
        assertThatThrownBy(conflict::postingOrThrow).hasMessageContaining("payment:psp-1");
        assertThat(ledger.postings()).hasSize(1);
        assertThat(ledger.balance(Account.customer("acme"), "EUR").micros()).isEqualTo(10_000_000);
    }

    @Test
    void aPayoutPaysCarByCarFromTheOwnersAccount() {
        Posting payout = Payments.ownerPayout("alice", "EUR", Map.of("car-2", 30L, "car-1", 70L), "po-1", AT);
        assertThat(payout.entries()).extracting(Entry::carId).containsExactly("car-1", "car-2", null);
        assertThat(payout.amountOn(Account.owner("alice"))).isEqualTo(-100);
        assertThat(payout.amountOn(Account.clearing())).isEqualTo(100);
        assertThatThrownBy(() -> Payments.ownerPayout("alice", "EUR", Map.of("car-1", 0L), "po-2", AT))
                .hasMessageStartingWith("microsByCar.car-1:");
    }
}
