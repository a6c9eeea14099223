package io.terafleet.coordinator.leasing;

import static io.terafleet.coordinator.jobs.JobFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.ledger.LedgerRepository;
import io.terafleet.core.api.GenerationTask;
import io.terafleet.core.api.LeasedUnit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks of held generation answers fall due: a check no trusted car took by its deadline becomes a replica check that
 * a car of another owner takes, compared as replicas are (a disagreement asks a third owner's car, and the majority
 * strikes the liar); a replica check nobody took delivers the answers marked unverified; the batch's progress shows
 * each state.
 */
abstract class CheckDeadlinesContract extends HeldAnswersFixture {
    private static final Duration DEADLINE = Duration.ofMinutes(5);

    private void pastTheCheckDeadline() throws Exception {
        units.checkGenerationDeadline(DEADLINE);
        answeredAndHeld();
        assertThat(units.checkProgress("job-g")).isEqualTo(new CheckProgress(2, 0, 0, 0));
        assertThat(units.expireChecks(T0.plus(DEADLINE))).as("not yet due").isZero();
        assertThat(units.expireChecks(T0.plus(DEADLINE).plusSeconds(10))).isEqualTo(1);
        assertThat(units.checkProgress("job-g")).isEqualTo(new CheckProgress(0, 2, 0, 0));
        assertThat(queryString("SELECT state FROM units WHERE replica = -1")).isEqualTo("CANCELLED");
    }

    @Test
    void aCheckNobodyTookBecomesAReplicaOnACarOfAnotherOwnerAndAgreementDelivers() throws Exception {
        pastTheCheckDeadline();
        Duration later = DEADLINE.plusSeconds(20);
        assertThat(lease("car-a", T0.plus(later))).as("not the answering car's owner").isNull();
        LeasedUnit replica = lease("car-b", T0.plus(later));
        assertThat(replica.unitId()).endsWith("-rep");
        assertThat(JSON.readValue(replica.inputs().getFirst().text(), GenerationTask.class).score())
                .as("generated again, not re-scored").isNullOrEmpty();
        units.complete(replica.leaseId(), "car-b", List.of(answer(0, FIRST, "length", 0),
                answer(1, SECOND, "length", 0)), 0.01, T0.plus(later).plusSeconds(5));

        assertThat(jobs.status("job-g").orElseThrow().state()).isEqualTo("completed");
        assertThat(queryLong("SELECT COUNT(*) FROM results WHERE job_id = 'job-g'")).isEqualTo(2);
        assertThat(queryLong("SELECT COUNT(*) FROM replica_results WHERE verdict = 'VALID'")).isEqualTo(4);
        assertThat(queryLong("SELECT total_valid FROM car_trust WHERE car_id = 'car-a'")).isEqualTo(1);
        var ledger = new LedgerRepository(database);
        assertThat(ledger.find("settle:check:rep:" + replica.leaseId() + ":0")).as("the replica car is paid")
                .isPresent();
        assertThat(ledger.sumOfAllEntries()).isZero();
        assertThat(ledger.invariantViolations()).isEmpty();
    }

    @Test
    void replicasThatDisagreeAskAThirdOwnerAndTheMajorityStrikesTheLiar() throws Exception {
        pastTheCheckDeadline();
        Duration later = DEADLINE.plusSeconds(20);
        LeasedUnit replica = lease("car-b", T0.plus(later));
        units.complete(replica.leaseId(), "car-b", List.of(answer(0, FIRST, "length", 0),
                answer(1, new int[] {4, 7, 7}, "length", 0)), 0.01, T0.plus(later).plusSeconds(5));
        assertThat(queryLong("SELECT COUNT(*) FROM results WHERE job_id = 'job-g'")).isEqualTo(1);
        assertThat(queryLong("SELECT COALESCE(SUM(total_invalid), 0) FROM car_trust")).as("one word against another")
                .isZero();

        assertThat(lease("car-b", T0.plus(later).plusSeconds(6))).isNull();
        LeasedUnit third = lease("car-c", T0.plus(later).plusSeconds(6));
        assertThat(third.inputs()).extracting(i -> i.index()).containsExactly(1);
        units.complete(third.leaseId(), "car-c", List.of(answer(1, SECOND, "length", 0)), 0.01,
                T0.plus(later).plusSeconds(9));

        assertThat(jobs.status("job-g").orElseThrow().state()).isEqualTo("completed");
        assertThat(queryLong("SELECT total_invalid FROM car_trust WHERE car_id = 'car-b'")).isEqualTo(1);
        assertThat(queryLong("SELECT total_invalid FROM car_trust WHERE car_id = 'car-a'")).isZero();
        assertThat(queryString("SELECT answer FROM results WHERE input_index = 1")).contains("\"tokens\":[4,5,6]");
    }

    @Test
    void aReplicaCheckNobodyTookDeliversTheAnswersMarkedUnverified() throws Exception {
        pastTheCheckDeadline();
        assertThat(units.expireChecks(T0.plus(DEADLINE.multipliedBy(2)).plusSeconds(20))).isEqualTo(1);

        assertThat(jobs.status("job-g").orElseThrow().state()).isEqualTo("completed");
        assertThat(queryLong("SELECT COUNT(*) FROM results WHERE job_id = 'job-g'")).isEqualTo(2);
        assertThat(units.checkProgress("job-g")).isEqualTo(new CheckProgress(0, 0, 2, 0));
        assertThat(queryLong("SELECT COALESCE(SUM(total_valid + total_invalid), 0) FROM car_trust WHERE car_id ="
                + " 'car-a'")).as("unverified: no verdict").isZero();
    }

    @Test
    void aCheckLeasedAtItsDeadlineRunsOn() throws Exception {
        units.checkGenerationDeadline(DEADLINE);
        answeredAndHeld();
        LeasedUnit check = lease("checker-1", T0.plus(DEADLINE));
        assertThat(units.expireChecks(T0.plus(DEADLINE).plusSeconds(20))).isZero();
        units.complete(check.leaseId(), "checker-1", List.of(answer(0, FIRST, "stop", 0), answer(1, SECOND, "stop", 0)),
                0.01, T0.plus(DEADLINE).plusSeconds(21));
        assertThat(jobs.status("job-g").orElseThrow().state()).isEqualTo("completed");
        assertThat(queryLong("SELECT COUNT(*) FROM generation_check_deadlines")).isZero();
    }
}
