package io.terafleet.coordinator.ledger;

import static io.terafleet.coordinator.ledger.LedgerFixtures.MODEL_A;
import static io.terafleet.coordinator.ledger.LedgerFixtures.MODEL_B;
import static io.terafleet.coordinator.ledger.LedgerFixtures.START;
import static io.terafleet.coordinator.ledger.LedgerFixtures.settlement;
import static io.terafleet.coordinator.ledger.LedgerFixtures.work;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.terafleet.coordinator.db.Database;
import io.terafleet.coordinator.db.DatabaseTest;
import io.terafleet.core.ledger.Account;
import io.terafleet.core.ledger.Corrections;
import io.terafleet.core.ledger.Entry;
import io.terafleet.core.ledger.InMemoryLedger;
import io.terafleet.core.ledger.Money;
import io.terafleet.core.ledger.Payments;
import io.terafleet.core.ledger.PostOutcome;
import io.terafleet.core.ledger.Posting;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(LedgerInvariants.class)
abstract class LedgerRepositoryContract extends DatabaseTest {
    private LedgerRepository ledger;

    @BeforeEach
    void createRepository() {
        ledger = new LedgerRepository(database);
    }

    private Posting oneSettlement() {
        return settlement("u1", "acme", MODEL_A, 1000, START, List.of(work("lease-1", 0, 4_000, 300_000)));
    }

    @Test
    void aPostingIsStoredAndReadBackUnchanged() {
        Posting posting = oneSettlement();

        assertThat(ledger.post(posting)).isEqualTo(new PostOutcome.Stored(posting));

        Posting stored = ledger.find("settle:u1").orElseThrow();
        assertThat(stored.sameContentAs(posting)).isTrue();
        assertThat(stored.postedAt()).isEqualTo(START);
        assertThat(ledger.balance(Account.customer("acme"), "EUR").micros()).isEqualTo(-20_000);
        assertThat(ledger.balance(Account.owner("owner-0"), "EUR").micros()).isEqualTo(14_000 + 1_200);
        assertThat(ledger.unpaidCredit("car-0", "EUR").micros()).isEqualTo(15_200);
        assertThat(ledger.find("settle:nope")).isEmpty();
    }

    @Test
    void aRetriedPostingIsStoredOnce() {
        Posting posting = oneSettlement();
        ledger.post(posting);

        Posting retry = settlement("u1", "acme", MODEL_A, 1000, START.plusSeconds(30),
                List.of(work("lease-1", 0, 4_000, 300_000)));
        PostOutcome again = ledger.post(retry);

        assertThat(again).isInstanceOf(PostOutcome.AlreadyStored.class);
        assertThat(again.postingOrThrow().postedAt()).isEqualTo(START);
        assertThat(queryLong("SELECT COUNT(*) FROM ledger_postings")).isEqualTo(1);
        assertThat(queryLong("SELECT COUNT(*) FROM ledger_entries")).isEqualTo(posting.entries().size());
        assertThat(ledger.balance(Account.customer("acme"), "EUR").micros()).isEqualTo(-20_000);
    }

    @Test
    void theSameKeyWithADifferentAmountIsRefusedByName() {
        ledger.post(oneSettlement());
        Posting different = settlement("u1", "acme", MODEL_A, 999, START, List.of(work("lease-1", 0, 4_000, 300_000)));

        PostOutcome outcome = ledger.post(different);

        assertThat(outcome).isInstanceOfSatisfying(PostOutcome.KeyConflict.class, conflict -> {
            assertThat(conflict.idempotencyKey()).isEqualTo("settle:u1");
            assertThat(conflict.message()).contains("settle:u1").contains("amount");
        });
        assertThatThrownBy(outcome::postingOrThrow).hasMessageContaining("settle:u1");
        assertThat(ledger.balance(Account.customer("acme"), "EUR").micros()).isEqualTo(-20_000);
        assertThat(queryLong("SELECT COUNT(*) FROM ledger_postings")).isEqualTo(1);
    }

    @Test
    void twoCoordinatorsPostingOneKeyAtOnceStoreItOnce() throws Exception {
        try (Database other = testDatabase.openAnother(); var pool = Executors.newFixedThreadPool(8)) {
            var second = new LedgerRepository(other);
            List<Future<PostOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                LedgerRepository repository = i % 2 == 0 ? ledger : second;
                int unit = i / 4;
                Callable<PostOutcome> post = () -> repository.post(settlement("race-" + unit, "acme", MODEL_A, 100,
                        START, List.of(work("r-" + unit, 1, 10, 100_000))));
                outcomes.add(pool.submit(post));
            }
            int stored = 0;
            for (Future<PostOutcome> outcome : outcomes) {
                assertThat(outcome.get()).isNotInstanceOf(PostOutcome.KeyConflict.class);
                stored += outcome.get() instanceof PostOutcome.Stored ? 1 : 0;
            }
            assertThat(stored).isEqualTo(4);
            assertThat(queryLong("SELECT COUNT(*) FROM ledger_postings")).isEqualTo(4);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {17, 29})
    void randomPostingsSumToZeroAndBalancesMatchTheRules(long seed) {
        var random = new Random(seed);
        var model = new InMemoryLedger();
        for (Posting posting : LedgerFixtures.randomPostings(random, 300, 5)) {
            assertThat(ledger.post(posting).getClass()).isEqualTo(model.post(posting).getClass());
            if (random.nextInt(10) == 0) {
                assertThat(ledger.post(posting)).isInstanceOf(PostOutcome.AlreadyStored.class);
            }
        }

        assertThat(ledger.sumOfAllEntries()).isZero();
        assertThat(ledger.invariantViolations()).isEmpty();
        for (Account account : List.of(Account.customer("cust-0"), Account.customer("cust-1"), Account.owner("owner-3"),
                Account.platformFees(), Account.energyReimbursement(), Account.clearing())) {
            assertThat(ledger.balance(account, "EUR")).as(account.toString()).isEqualTo(model.balance(account, "EUR"));
        }
        for (int car = 0; car < 12; car++) {
            assertThat(ledger.unpaidCredit("car-" + car, "EUR")).isEqualTo(model.unpaidCredit("car-" + car, "EUR"));
        }
    }

    @Test
    void statementsAddUpDayByDayToTheTotalsAndTheBalance() {
        var random = new Random(5);
        var postings = LedgerFixtures.randomPostings(random, 400, 7);
        postings.forEach(ledger::post);
        var service = new LedgerService(ledger, LedgerConfig.defaults(), java.time.Clock.fixed(START, java.time.ZoneOffset.UTC));
        Money unpaid = ledger.unpaidCredit("car-4", "EUR");
        PostOutcome voided = service.voidUnpaidCredit("owner-2", "car-4", "q-1").orElseThrow();
        assertThat(voided).isInstanceOf(PostOutcome.Stored.class);
        assertThat(ledger.unpaidCredit("car-4", "EUR").micros()).isZero();

        var statement = ledger.statement("owner-2", LocalDate.of(2030, 5, 1), LocalDate.of(2030, 7, 1));

        assertThat(statement.days()).isNotEmpty().extracting(line -> line.date()).isSorted();
        var total = statement.totals().getFirst();
        assertThat(total.units()).isEqualTo(statement.days().stream().mapToLong(d -> d.units()).sum());
        assertThat(total.verifiedInputs()).isEqualTo(statement.days().stream().mapToLong(d -> d.verifiedInputs()).sum());
        assertThat(total.grossMicros()).isEqualTo(statement.days().stream().mapToLong(d -> d.grossMicros()).sum());
        assertThat(total.netMicros()).isEqualTo(total.grossMicros() - total.energyCostMicros());
        assertThat(total.adjustmentsMicros()).isEqualTo(-unpaid.micros());
        long payouts = postings.stream().filter(p -> p.kind() == io.terafleet.core.ledger.PostingKind.OWNER_PAYOUT)
                .mapToLong(p -> p.amountOn(Account.owner("owner-2"))).sum();
        assertThat(statement.unpaid()).containsExactly(new Money("EUR", total.grossMicros() + payouts));

        // Units: settlements paying owner-2, less their reversals; the same figure from the postings themselves.
        long units = 0;
        long inputs = 0;
        for (Posting p : postings) {
            for (Entry e : p.entries()) {
                if (e.account().equals(Account.owner("owner-2"))) {
                    units += e.units();
                    inputs += e.role() == io.terafleet.core.ledger.EntryRole.REVENUE_SHARE ? e.inputs() : 0;
                }
            }
        }
        assertThat(total.units()).isEqualTo(units);
        assertThat(total.verifiedInputs()).isEqualTo(inputs);

        var oneDay = ledger.statement("owner-2", LocalDate.of(2030, 6, 3), LocalDate.of(2030, 6, 3));
        assertThat(oneDay.days()).allSatisfy(d -> assertThat(d.date()).isEqualTo(LocalDate.of(2030, 6, 3)));
        assertThat(ledger.statement("nobody", LocalDate.of(2030, 6, 1), LocalDate.of(2030, 6, 30)).days()).isEmpty();
    }

    @Test
    void usageIsPerDayAndModelWithReversalsSubtracted() {
        Posting a1 = settlement("a1", "acme", MODEL_A, 1000, START, List.of(work("r1", 0, 0, 0)));
        Posting a2 = settlement("a2", "acme", MODEL_A, 500, START.plusSeconds(60), List.of(work("r2", 2, 0, 0)));
        Posting b1 = settlement("b1", "acme", MODEL_B, 2000, START.plus(Duration.ofDays(1)), List.of(work("r3", 0, 0, 0)));
        Posting other = settlement("o1", "globex", MODEL_A, 7, START, List.of(work("r4", 0, 0, 0)));
        List.of(a1, a2, b1, other).forEach(ledger::post);
        ledger.post(Corrections.reverse(a2, START.plus(Duration.ofDays(1))));
        ledger.post(Payments.customerPayment("acme", Money.parse("EUR", "5"), "psp-9", START));

        var usage = ledger.usage("acme", LocalDate.of(2030, 6, 1), LocalDate.of(2030, 6, 2));

        assertThat(usage.lines()).extracting(l -> l.date() + " " + l.model() + " " + l.inputs() + " " + l.amountMicros())
                .containsExactly("2030-06-01 all-minilm-l6-v2 1500 30000",
                        "2030-06-02 all-minilm-l6-v2 -500 -10000",
                        "2030-06-02 bge-small-en 2000 110000");
        assertThat(usage.totals()).containsExactly(new Money("EUR", 130_000));
        assertThat(ledger.usage("acme", LocalDate.of(2030, 6, 2), LocalDate.of(2030, 6, 2)).lines()).hasSize(2);
    }

    @Test
    void usageIsPerDayModelAndApiKeyWithReversalsSubtractedFromTheirKey() {
        Posting a1 = settlement("a1", "acme", MODEL_A, 1000, START, List.of(work("r1", 0, 0, 0))).withApiKey("sk-tf-aaaa");
        Posting a2 = settlement("a2", "acme", MODEL_A, 500, START.plusSeconds(60), List.of(work("r2", 2, 0, 0)))
                .withApiKey("sk-tf-bbbb");
        Posting a3 = settlement("a3", "acme", MODEL_A, 100, START.plusSeconds(90), List.of(work("r5", 4, 0, 0)));
        Posting b1 = settlement("b1", "acme", MODEL_B, 2000, START.plus(Duration.ofDays(1)), List.of(work("r3", 0, 0, 0)))
                .withApiKey("sk-tf-aaaa");
        List.of(a1, a2, a3, b1).forEach(ledger::post);
        ledger.post(Corrections.reverse(ledger.find("settle:a2").orElseThrow(), START.plus(Duration.ofDays(1))));

        assertThat(ledger.find("settle:a1").orElseThrow().apiKey()).isEqualTo("sk-tf-aaaa");
        assertThat(ledger.find("reverse:settle:a2").orElseThrow().apiKey()).isEqualTo("sk-tf-bbbb");
        var usage = ledger.usage("acme", LocalDate.of(2030, 6, 1), LocalDate.of(2030, 6, 2));
        assertThat(usage.lines()).extracting(l -> l.date() + " " + l.model() + " " + l.apiKey() + " " + l.inputs() + " "
                        + l.amountMicros())
                .containsExactlyInAnyOrder("2030-06-01 all-minilm-l6-v2 sk-tf-aaaa 1000 20000",
                        "2030-06-01 all-minilm-l6-v2 sk-tf-bbbb 500 10000",
                        "2030-06-01 all-minilm-l6-v2 null 100 2000",
                        "2030-06-02 all-minilm-l6-v2 sk-tf-bbbb -500 -10000",
                        "2030-06-02 bge-small-en sk-tf-aaaa 2000 110000");
        assertThat(usage.amountMicros("sk-tf-aaaa", "EUR")).isEqualTo(130_000);
        assertThat(usage.amountMicros("sk-tf-bbbb", "EUR")).isZero();
        assertThat(usage.amountMicros(null, "EUR")).isEqualTo(2_000);
        assertThat(usage.byKey()).extracting(t -> t.apiKey()).containsExactly("sk-tf-aaaa", "sk-tf-bbbb", null);
        assertThat(usage.totals()).containsExactly(new Money("EUR", 132_000));
        assertThat(ledger.sumOfAllEntries()).isZero();
    }

    @Test
    void aRetryThatNamesAKeyIsTheSamePostingAsOneStoredWithout() {
        Posting stored = oneSettlement();
        ledger.post(stored);
        assertThat(ledger.post(oneSettlement().withApiKey("sk-tf-cccc"))).isInstanceOf(PostOutcome.AlreadyStored.class);
        assertThat(ledger.find("settle:u1").orElseThrow().apiKey()).isNull();
    }

    @Test
    void answersAreChargedOncePerRequestAndChoiceWithTokensOnUsageAndStatements() {
        var service = new LedgerService(ledger, LedgerConfig.defaults(), java.time.Clock.fixed(START, java.time.ZoneOffset.UTC));
        var first = new io.terafleet.core.ledger.DeliveredAnswer("chatcmpl-1", 0, Account.customer("acme"), "kjv-gpt", 12,
                List.of(new io.terafleet.core.ledger.DeliveredAnswer.CarTokens("car-1", "alice", 30)), START);
        var resumed = new io.terafleet.core.ledger.DeliveredAnswer("chatcmpl-2", 0, Account.customer("acme"), "kjv-gpt", 8,
                List.of(new io.terafleet.core.ledger.DeliveredAnswer.CarTokens("car-1", "alice", 5),
                        new io.terafleet.core.ledger.DeliveredAnswer.CarTokens("car-2", "bob", 15)), START);
        service.settle(first).posted().orElseThrow();
        service.settle(resumed).posted().orElseThrow();
        var retried = service.settle(first).posted().orElseThrow();

        assertThat(retried).isInstanceOf(PostOutcome.AlreadyStored.class);
        assertThat(ledger.find("settle:gen:chatcmpl-1:0").orElseThrow().sameContentAs(retried.postingOrThrow())).isTrue();
        long charged = (12 * 10_000 + 30 * 30_000 + 500) / 1000 + (8 * 10_000 + 20 * 30_000 + 500) / 1000;
        var usage = ledger.usage("acme", LocalDate.of(2030, 1, 1).minusYears(10), LocalDate.of(2100, 1, 1));
        assertThat(usage.lines()).hasSize(1);
        assertThat(usage.lines().getFirst().promptTokens()).isEqualTo(20);
        assertThat(usage.lines().getFirst().completionTokens()).isEqualTo(50);
        assertThat(usage.lines().getFirst().amountMicros()).isEqualTo(charged);
        var alice = ledger.statement("alice", LocalDate.of(2000, 1, 1), LocalDate.of(2100, 1, 1)).totals().getFirst();
        var bob = ledger.statement("bob", LocalDate.of(2000, 1, 1), LocalDate.of(2100, 1, 1)).totals().getFirst();
        assertThat(alice.promptTokens()).isEqualTo(20);
        assertThat(alice.completionTokens()).isEqualTo(35);
        assertThat(bob.completionTokens()).isEqualTo(15);
        assertThat(alice.revenueShareMicros() + bob.revenueShareMicros()
                + ledger.balance(Account.platformFees(), "EUR").micros()).isEqualTo(charged);

        ledger.post(Corrections.reverse(ledger.find("settle:gen:chatcmpl-2:0").orElseThrow(), START.plusSeconds(5)));
        var after = ledger.usage("acme", LocalDate.of(2000, 1, 1), LocalDate.of(2100, 1, 1)).lines().getFirst();
        assertThat(after.promptTokens()).isEqualTo(12);
        assertThat(after.completionTokens()).isEqualTo(30);
    }

    @Test
    void theChecksFindABrokenLedger() {
        ledger.post(oneSettlement());
        LedgerInvariants.check(ledger);

        database.inTransaction(c -> c.createStatement().executeUpdate(
                "UPDATE ledger_entries SET amount_micros = amount_micros + 1 WHERE line = 0"));

        assertThat(ledger.sumOfAllEntries()).isEqualTo(1);
        assertThat(ledger.invariantViolations()).anyMatch(p -> p.contains("settle:u1"));
        assertThatThrownBy(() -> LedgerInvariants.check(ledger)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("sum to 1");
        // Mend it, so that the extension's own check after this test passes.
        database.inTransaction(c -> c.createStatement().executeUpdate(
                "UPDATE ledger_entries SET amount_micros = amount_micros - 1 WHERE line = 0"));
    }
}
