package io.terafleet.coordinator.leasing;

import static io.terafleet.coordinator.jobs.JobFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.ledger.LedgerRepository;
import io.terafleet.core.api.GenerationTask;
import io.terafleet.core.api.LeasedUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store's side of disputed checks of held generation answers: one checker's refutation strikes nobody until a
 * second trusted checker of a third owner upholds it; checkers that disagree are recorded and nobody is struck; and
 * the checking cars are paid by the platform, the ledger summing to zero.
 */
abstract class CheckDisputesContract extends HeldAnswersFixture {
    @Test
    void oneRefutationStrikesNobodyAndASecondCheckerOfAThirdOwnerDecides() throws Exception {
        answeredAndHeld();
        firstCheckerRefutesInputOne();

        assertThat(queryLong("SELECT COUNT(*) FROM results WHERE job_id = 'job-g'")).as("input 0 held").isEqualTo(1);
        assertThat(queryLong("SELECT total_invalid FROM car_trust WHERE car_id = 'car-a'")).as("not on one word")
                .isZero();
        assertThat(queryLong("SELECT COUNT(*) FROM units WHERE replica = -2 AND state = 'QUEUED'")).isEqualTo(1);
        assertThat(lease("checker-1", T0.plusSeconds(14))).as("the refuting checker's owner does not decide").isNull();
        assertThat(lease("car-b", T0.plusSeconds(14))).as("nor a car not trusted").isNull();

        LeasedUnit second = lease("checker-2", T0.plusSeconds(15));
        assertThat(second.inputs()).extracting(i -> i.index()).containsExactly(1);
        assertThat(JSON.readValue(second.inputs().getFirst().text(), GenerationTask.class).score())
                .containsExactly(SECOND);
        units.complete(second.leaseId(), "checker-2", List.of(answer(1, new int[] {4, 9, 6}, "stop", 0)), 0.01,
                T0.plusSeconds(16));

        assertThat(queryLong("SELECT total_invalid FROM car_trust WHERE car_id = 'car-a'")).as("upheld").isEqualTo(1);
        assertThat(queryLong("SELECT COUNT(*) FROM generation_check_refutations WHERE upheld = TRUE"
                + " AND refuted_by = 'checker-1' AND second_checker = 'checker-2'")).isEqualTo(1);
        assertThat(queryLong("SELECT COUNT(*) FROM units WHERE replica = 0 AND state = 'QUEUED'"))
                .as("input 1 is generated again").isEqualTo(1);
    }

    @Test
    void checkersThatDisagreeAreRecordedTheAnswerHoldsAndNobodyIsStruck() throws Exception {
        answeredAndHeld();
        firstCheckerRefutesInputOne();
        LeasedUnit second = lease("checker-2", T0.plusSeconds(15));
        units.complete(second.leaseId(), "checker-2", List.of(answer(1, SECOND, "length", 0)), 0.01,
                T0.plusSeconds(16));

        assertThat(jobs.status("job-g").orElseThrow().state()).isEqualTo("completed");
        assertThat(queryLong("SELECT COUNT(*) FROM results WHERE job_id = 'job-g'")).isEqualTo(2);
        assertThat(queryLong("SELECT COUNT(*) FROM generation_check_refutations WHERE upheld = FALSE")).isEqualTo(1);
        assertThat(queryLong("SELECT COALESCE(SUM(total_invalid), 0) FROM car_trust")).as("nobody struck").isZero();
        assertThat(units.checkProgress("job-g")).isEqualTo(new CheckProgress(0, 0, 0, 1));
    }

    @Test
    void checkingCarsArePaidByThePlatformAndTheLedgerSumsToZero() throws Exception {
        answeredAndHeld();
        firstCheckerRefutesInputOne();
        LeasedUnit second = lease("checker-2", T0.plusSeconds(15));
        units.complete(second.leaseId(), "checker-2", List.of(answer(1, SECOND, "length", 0)), 0.01,
                T0.plusSeconds(16));

        var ledger = new LedgerRepository(database);
        // checker-1 re-scored two answers of 4 prompt and 3 answer tokens: 14 tokens at 0.01 EUR per 1,000, 70% of it.
        long compute1 = (14 * 10_000 + 500) / 1000 * 7_000 / 10_000;
        assertThat(ledger.find("settle:check:job-g-u0-chk")).isPresent();
        assertThat(ledger.unpaidCredit("checker-1", "EUR").micros()).isGreaterThanOrEqualTo(compute1);
        assertThat(ledger.unpaidCredit("checker-2", "EUR").micros()).isPositive();
        assertThat(queryLong("SELECT COALESCE(SUM(amount_micros), 0) FROM ledger_entries WHERE account_type ="
                + " 'PLATFORM_FEES'")).as("the platform funds checks").isNegative();
        assertThat(ledger.sumOfAllEntries()).isZero();
        assertThat(ledger.invariantViolations()).isEmpty();
    }
}
