package io.terafleet.coordinator.leasing;

import static io.terafleet.coordinator.jobs.JobFixtures.MODEL;
import static io.terafleet.coordinator.jobs.JobFixtures.T0;
import static io.terafleet.coordinator.jobs.JobFixtures.inputs;
import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.db.DatabaseTest;
import io.terafleet.coordinator.jobs.JobRepository;
import io.terafleet.coordinator.jobs.JobSpec;
import io.terafleet.core.api.CompleteBatchResponse;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.scheduling.PriorityClass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several units leased in one call and completed in one call keep every guarantee of one unit at a time: no unit is
 * leased twice at once, a retried bulk completion stores nothing twice, one bad completion in a call costs only
 * itself, and every delivered input is charged and paid once with the ledger summing to zero.
 */
abstract class BulkCompletionContract extends DatabaseTest {
    static final Duration TTL = Duration.ofSeconds(60);

    private JobRepository jobs;
    private UnitRepository units;

    @BeforeEach
    void createRepositories() {
        jobs = new JobRepository(database);
        units = TestUnits.withVerification(database);
    }

    private List<LeasedUnit> lease(String car, int maxUnits, Instant at) {
        return units.lease(TestUnits.carRunning(car, MODEL), maxUnits, at, TTL);
    }

    private static UnitRepository.Completion done(LeasedUnit unit) {
        List<InputResult> results = unit.inputs().stream()
                .map(in -> new InputResult(in.index(), new float[] {0.6f, 0.8f})).toList();
        return new UnitRepository.Completion(unit.leaseId(), results, null);
    }

    private static List<String> outcomes(List<CompleteBatchResponse.Outcome> outcomes) {
        return outcomes.stream().map(CompleteBatchResponse.Outcome::outcome).toList();
    }

    private long count(String sql) {
        return queryLong(sql);
    }

    @Test
    void batchedLeasesNeverHandOneUnitToTwoCarsAtOnce() throws Exception {
        jobs.createJob(new JobSpec("job-l", MODEL, "acme", PriorityClass.BATCH, null, 1), inputs(60), T0);
        ConcurrentLinkedQueue<String> leased = new ConcurrentLinkedQueue<>();
        List<Thread> cars = new ArrayList<>();
        for (int car = 0; car < 4; car++) {
            String carId = "car-" + car;
            cars.add(Thread.ofPlatform().start(() -> {
                for (int round = 0; round < 5; round++) {
                    lease(carId, 4, T0).forEach(unit -> leased.add(unit.unitId()));
                }
            }));
        }
        for (Thread car : cars) {
            car.join();
        }
        assertThat(leased).hasSize(60).doesNotHaveDuplicates();
        assertThat(count("SELECT COUNT(*) FROM units WHERE state = 'LEASED'")).isEqualTo(60);
        assertThat(count("SELECT COUNT(*) FROM leases")).isEqualTo(60);
        assertThat(lease("car-late", 4, T0)).as("nothing left to lease").isEmpty();
    }

    @Test
    void aBulkCompletionStoresEveryUnitOnceAndItsRetryIsADuplicate() {
        jobs.createJob(new JobSpec("job-b", MODEL, "acme", PriorityClass.BATCH, null, 2), inputs(12), T0);
        List<LeasedUnit> leased = lease("car-a", 6, T0);
        assertThat(leased).hasSize(6);
        List<UnitRepository.Completion> completions = leased.stream().map(BulkCompletionContract::done).toList();

        assertThat(outcomes(units.completeAll("car-a", completions, T0.plusSeconds(1))))
                .containsOnly(CompleteResponse.ACCEPTED).hasSize(6);
        assertThat(count("SELECT COUNT(*) FROM results WHERE job_id = 'job-b'")).isEqualTo(12);
        assertThat(jobs.status("job-b").orElseThrow().state()).isEqualTo("completed");
        assertThat(jobs.status("job-b").orElseThrow().completed()).isEqualTo(12);
        assertThat(count("SELECT -COALESCE(SUM(inputs), 0) FROM ledger_entries WHERE account_type = 'CUSTOMER'"))
                .as("every input charged once").isEqualTo(12);
        assertThat(count("SELECT COUNT(*) FROM ledger_postings")).as("one posting per unit").isEqualTo(6);

        assertThat(outcomes(units.completeAll("car-a", completions, T0.plusSeconds(2))))
                .containsOnly(CompleteResponse.DUPLICATE).hasSize(6);
        assertThat(count("SELECT COUNT(*) FROM results WHERE job_id = 'job-b'")).isEqualTo(12);
        assertThat(count("SELECT COUNT(*) FROM ledger_postings")).as("nothing posted twice").isEqualTo(6);
        assertThat(count("SELECT COALESCE(SUM(amount_micros), 0) FROM ledger_entries")).as("I3").isZero();
        assertThat(jobs.status("job-b").orElseThrow().completed()).isEqualTo(12);
    }

    @Test
    void oneMalformedCompletionCostsOnlyItselfAndCanBeSentAgain() {
        jobs.createJob(new JobSpec("job-p", MODEL, "acme", PriorityClass.BATCH, null, 1), inputs(4), T0);
        List<LeasedUnit> leased = lease("car-a", 4, T0);
        List<UnitRepository.Completion> completions = new ArrayList<>(leased.stream()
                .map(BulkCompletionContract::done).toList());
        UnitRepository.Completion good = completions.get(2);
        // An input that is not in the unit: the whole call would be a 400 for this unit alone.
        completions.set(2, new UnitRepository.Completion(good.leaseId(),
                List.of(new InputResult(999, new float[] {0.6f, 0.8f})), null));

        var outcomes = units.completeAll("car-a", completions, T0.plusSeconds(1));
        assertThat(outcomes(outcomes)).containsExactly(CompleteResponse.ACCEPTED, CompleteResponse.ACCEPTED,
                CompleteBatchResponse.INVALID, CompleteResponse.ACCEPTED);
        assertThat(outcomes.get(2).detail()).contains("input 999");
        assertThat(count("SELECT COUNT(*) FROM results WHERE job_id = 'job-p'")).isEqualTo(3);
        assertThat(queryString("SELECT state FROM units WHERE id = ?", leased.get(2).unitId())).isEqualTo("LEASED");

        assertThat(outcomes(units.completeAll("car-a", List.of(good), T0.plusSeconds(2))))
                .containsExactly(CompleteResponse.ACCEPTED);
        assertThat(jobs.status("job-p").orElseThrow().state()).isEqualTo("completed");
        assertThat(count("SELECT COALESCE(SUM(amount_micros), 0) FROM ledger_entries")).isZero();
    }

    @Test
    void leasesThatAreNotTheCarsAreLostWhileItsOwnAreAccepted() {
        jobs.createJob(new JobSpec("job-o", MODEL, "acme", PriorityClass.BATCH, null, 1), inputs(3), T0);
        List<LeasedUnit> mine = lease("car-a", 2, T0);
        List<LeasedUnit> theirs = lease("car-b", 1, T0);
        List<UnitRepository.Completion> completions = List.of(done(mine.get(0)), done(theirs.get(0)),
                new UnitRepository.Completion("no-such-lease", List.of(), null), done(mine.get(1)), done(mine.get(1)));

        assertThat(outcomes(units.completeAll("car-a", completions, T0.plusSeconds(1)))).containsExactly(
                CompleteResponse.ACCEPTED, CompleteResponse.LEASE_LOST, CompleteResponse.LEASE_LOST,
                CompleteResponse.ACCEPTED, CompleteResponse.DUPLICATE);
        assertThat(queryString("SELECT state FROM units WHERE id = ?", theirs.get(0).unitId())).isEqualTo("LEASED");
        assertThat(count("SELECT COUNT(*) FROM results WHERE job_id = 'job-o'")).isEqualTo(2);
    }

    @Test
    void resultsThatBreakTheModelSignatureAreRefusedAloneAndTheUnitGoesBackToTheQueue() {
        TestUnits.registerTwoDimensionalModel(database, MODEL);
        jobs.createJob(new JobSpec("job-s", MODEL, "acme", PriorityClass.BATCH, null, 1), inputs(3), T0);
        List<LeasedUnit> leased = lease("car-a", 3, T0);
        List<UnitRepository.Completion> completions = new ArrayList<>(leased.stream()
                .map(BulkCompletionContract::done).toList());
        completions.set(1, new UnitRepository.Completion(leased.get(1).leaseId(),
                List.of(new InputResult(leased.get(1).inputs().getFirst().index(), new float[] {3f, 4f})), null));

        assertThat(outcomes(units.completeAll("car-a", completions, T0.plusSeconds(1)))).containsExactly(
                CompleteResponse.ACCEPTED, CompleteResponse.REJECTED, CompleteResponse.ACCEPTED);
        assertThat(queryString("SELECT state FROM units WHERE id = ?", leased.get(1).unitId())).isEqualTo("QUEUED");
        assertThat(count("SELECT strikes FROM car_trust WHERE car_id = 'car-a'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM results WHERE job_id = 'job-s'")).isEqualTo(2);
    }

    @Test
    void aReplicatedJobsUnitsInABatchAreJudgedAsTheyAlwaysWere() {
        jobs.createJob(new JobSpec("job-r", MODEL, "acme", PriorityClass.BATCH, null, 1, 2, 2, false), inputs(2), T0);
        for (int round = 0; round < 4; round++) {
            for (String car : List.of("car-a", "car-b")) {
                List<UnitRepository.Completion> batch = lease(car, 4, T0).stream().map(BulkCompletionContract::done)
                        .toList();
                if (!batch.isEmpty()) {
                    assertThat(outcomes(units.completeAll(car, batch, T0.plusSeconds(1))))
                            .containsOnly(CompleteResponse.ACCEPTED);
                }
            }
        }
        assertThat(jobs.status("job-r").orElseThrow().state()).isEqualTo("completed");
        assertThat(count("SELECT COUNT(*) FROM results WHERE job_id = 'job-r'")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM replica_results WHERE job_id = 'job-r'")).isEqualTo(4);
        assertThat(count("SELECT COUNT(*) FROM (SELECT input_index, car_id FROM replica_results WHERE job_id = 'job-r'"
                + " GROUP BY input_index, car_id HAVING COUNT(*) > 1) twice")).as("never two replicas on one owner")
                .isZero();
        assertThat(count("SELECT COALESCE(SUM(amount_micros), 0) FROM ledger_entries")).isZero();
    }
}
