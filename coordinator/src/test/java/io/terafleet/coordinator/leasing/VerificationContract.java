package io.terafleet.coordinator.leasing;

import static io.terafleet.coordinator.jobs.JobFixtures.MODEL;
import static io.terafleet.coordinator.jobs.JobFixtures.T0;
import static io.terafleet.coordinator.jobs.JobFixtures.inputs;
import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.db.DatabaseTest;
import io.terafleet.coordinator.jobs.JobRepository;
import io.terafleet.coordinator.jobs.JobSpec;
import io.terafleet.coordinator.ledger.LedgerRepository;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.ledger.Account;
import io.terafleet.core.scheduling.CarProfile;
import io.terafleet.core.scheduling.HardwareClass;
import io.terafleet.core.scheduling.ModelRequirements;
import io.terafleet.core.scheduling.PriorityClass;
import io.terafleet.core.scheduling.Scheduler;
import io.terafleet.core.scheduling.SchedulingPolicy;
import io.terafleet.core.verification.AdaptiveReplication;
import io.terafleet.core.verification.OutputKind;
import io.terafleet.coordinator.ledger.LedgerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Replicated jobs through the store: owners kept apart, quorum per input, trust, quarantine, settlement. */
abstract class VerificationContract extends DatabaseTest {
    static final Duration TTL = Duration.ofSeconds(30);
    static final AdaptiveReplication RULES = new AdaptiveReplication(false, 10, 0.5, 0.05, 2, 50);

    private JobRepository jobs;
    private UnitRepository units;
    private LedgerRepository ledger;

    @BeforeEach
    void createRepositories() {
        jobs = new JobRepository(database);
        ledger = new LedgerRepository(database);
        AtomicInteger ids = new AtomicInteger();
        AtomicInteger jobIds = new AtomicInteger();
        var verification = new Verification(OutputKind.Embedding.defaults(), RULES, 0, 4, LedgerConfig.defaults(),
                300_000, new Random(1), () -> "job-c" + jobIds.incrementAndGet());
        units = new UnitRepository(database, new Scheduler(SchedulingPolicy.DEFAULT),
                UnitRepository.IMMEDIATE_RETRY, model -> ModelRequirements.NONE, tenant -> 1.0,
                () -> "lease-" + ids.incrementAndGet(), verification);
        jobs.createJob(new JobSpec("job-1", MODEL, "acme", PriorityClass.BATCH, null, 4).withReplication(2, 4, false),
                inputs(4), T0);
    }

    private List<LeasedUnit> lease(String car, Instant at) {
        return units.lease(new CarProfile(car, HardwareClass.HW3, Set.of(), Set.of(MODEL), null, null, false), 1, at,
                TTL);
    }

    private static List<InputResult> answers(LeasedUnit unit, float bias) {
        return unit.inputs().stream().map(in -> new InputResult(in.index(),
                new float[] {1 + bias * in.index(), bias, 0.5f})).toList();
    }

    private String complete(String car, LeasedUnit unit, float bias, Instant at) {
        return units.complete(unit.leaseId(), car, answers(unit, bias), 0.01, at);
    }

    @Test
    void twoOwnersAgreeingMakeTheResultAndArePaidOnceByTheCustomer() {
        LeasedUnit first = lease("car-a", T0).getFirst();
        assertThat(lease("car-a", T0)).as("no second replica for the same owner").isEmpty();
        LeasedUnit second = lease("car-b", T0).getFirst();
        assertThat(second.inputs()).extracting(i -> i.index()).isEqualTo(first.inputs().stream().map(i -> i.index())
                .toList());

        assertThat(complete("car-a", first, 0, T0.plusSeconds(1))).isEqualTo(CompleteResponse.ACCEPTED);
        assertThat(jobs.status("job-1").orElseThrow().completed()).as("one replica decides nothing").isZero();
        assertThat(complete("car-b", second, 0, T0.plusSeconds(2))).isEqualTo(CompleteResponse.ACCEPTED);

        var status = jobs.status("job-1").orElseThrow();
        assertThat(status.state()).isEqualTo("completed");
        assertThat(status.completed()).isEqualTo(4);
        assertThat(queryLong("SELECT COUNT(*) FROM replica_results WHERE verdict = 'VALID'")).isEqualTo(8);
        assertThat(ledger.sumOfAllEntries()).isZero();
        assertThat(ledger.invariantViolations()).isEmpty();
        assertThat(ledger.balance(Account.customer("acme"), "EUR").micros()).isNegative();
        assertThat(ledger.unpaidCredit("car-a", "EUR").micros()).isPositive();
        assertThat(ledger.unpaidCredit("car-a", "EUR")).isEqualTo(ledger.unpaidCredit("car-b", "EUR"));
    }

    @Test
    void aDisagreementAsksForAnotherReplicaAndTheOddOneOutIsInvalidAndUnpaid() {
        LeasedUnit honest = lease("car-a", T0).getFirst();
        LeasedUnit liar = lease("car-b", T0).getFirst();
        complete("car-a", honest, 0, T0.plusSeconds(1));
        complete("car-b", liar, 5, T0.plusSeconds(2));
        assertThat(jobs.status("job-1").orElseThrow().state()).isEqualTo("in_progress");

        LeasedUnit tieBreak = lease("car-c", T0.plusSeconds(3)).getFirst();
        assertThat(tieBreak.unitId()).contains("-x");
        complete("car-c", tieBreak, 0, T0.plusSeconds(4));
        // Each extra unit holds one input; lease and complete the rest.
        for (int i = 0; i < 3; i++) {
            LeasedUnit more = lease("car-c", T0.plusSeconds(5 + i)).getFirst();
            complete("car-c", more, 0, T0.plusSeconds(5 + i));
        }
        var status = jobs.status("job-1").orElseThrow();
        assertThat(status.state()).isEqualTo("completed");
        assertThat(queryLong("SELECT COUNT(*) FROM replica_results WHERE car_id = 'car-b' AND verdict = 'INVALID'"))
                .isEqualTo(4);
        assertThat(ledger.unpaidCredit("car-b", "EUR").micros()).isZero();
        assertThat(ledger.unpaidCredit("car-c", "EUR").micros()).isPositive();
        assertThat(ledger.sumOfAllEntries()).isZero();
    }

    @Test
    void repeatedLiesQuarantineTheCarWhichThenGetsNoWork() {
        for (int round = 0; round < 2; round++) {
            String job = "job-q" + round;
            jobs.createJob(new JobSpec(job, MODEL, "acme", PriorityClass.BATCH, null, 4).withReplication(2, 2, false),
                    inputs(4), T0);
        }
        // car-z lies against honest pairs until it is quarantined (2 strikes with these rules).
        int strikes = 0;
        Instant at = T0;
        while (strikes < 2) {
            at = at.plusSeconds(1);
            LeasedUnit lie = lease("car-z", at).getFirst();
            LeasedUnit h1 = lease("car-h1", at).getFirst();
            complete("car-z", lie, 7, at);
            complete("car-h1", h1, 0, at);
            List<LeasedUnit> third = lease("car-h2", at);
            if (!third.isEmpty()) {
                complete("car-h2", third.getFirst(), 0, at);
            }
            strikes = (int) queryLong("SELECT strikes FROM car_trust WHERE car_id = 'car-z'");
        }
        assertThat(queryString("SELECT state FROM car_trust WHERE car_id = 'car-z'")).isEqualTo("QUARANTINED");
        assertThat(lease("car-z", at.plusSeconds(1))).isEmpty();
        assertThat(ledger.unpaidCredit("car-z", "EUR").micros()).isZero();
        assertThat(ledger.sumOfAllEntries()).isZero();
        assertThat(ledger.invariantViolations()).isEmpty();
    }
}
