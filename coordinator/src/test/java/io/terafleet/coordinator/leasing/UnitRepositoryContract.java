package io.terafleet.coordinator.leasing;

import static io.terafleet.coordinator.jobs.JobFixtures.MODEL;
import static io.terafleet.coordinator.jobs.JobFixtures.T0;
import static io.terafleet.coordinator.jobs.JobFixtures.bits;
import static io.terafleet.coordinator.jobs.JobFixtures.embedding;
import static io.terafleet.coordinator.jobs.JobFixtures.inputs;
import static io.terafleet.coordinator.jobs.JobFixtures.resultsFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.terafleet.coordinator.db.DatabaseTest;
import io.terafleet.coordinator.jobs.JobRepository;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.JobStatus;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.api.UnitInput;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Leasing, completing, releasing and expiring units; concurrency lives in {@link ConcurrentLeasingContract}. */
abstract class UnitRepositoryContract extends DatabaseTest {
    static final Duration TTL = Duration.ofSeconds(30);

    private JobRepository jobs;
    private UnitRepository units;

    @BeforeEach
    void createRepositories() {
        jobs = new JobRepository(database);
        units = new UnitRepository(database);
    }

    @Test
    void leaseHandsOutQueuedUnitsInOrderAndStartsTheJob() {
        jobs.createJob("job-1", MODEL, inputs(10), 4, T0);

        List<LeasedUnit> leased = units.lease("car-a", 2, Set.of(), T0, TTL);

        assertThat(leased).extracting(LeasedUnit::unitId).containsExactly("job-1-u0", "job-1-u1");
        assertThat(leased).allSatisfy(unit -> {
            assertThat(unit.jobId()).isEqualTo("job-1");
            assertThat(unit.model()).isEqualTo(MODEL);
            assertThat(unit.expiresAt()).isEqualTo(T0.plus(TTL));
        });
        assertThat(leased.get(1).inputs()).containsExactly(new UnitInput(4, "text number 4"),
                new UnitInput(5, "text number 5"), new UnitInput(6, "text number 6"),
                new UnitInput(7, "text number 7"));
        assertThat(leased.get(0).leaseId()).isNotEqualTo(leased.get(1).leaseId());
        assertThat(jobs.status("job-1").orElseThrow())
                .isEqualTo(new JobStatus("job-1", MODEL, "in_progress", 10, 2, 8, 0, 0, T0, null));
        assertThat(queryLong("SELECT attempts FROM units WHERE id = 'job-1-u0'")).isEqualTo(1);
        assertThat(queryString("SELECT car_id FROM units WHERE id = 'job-1-u1'")).isEqualTo("car-a");
    }

    @Test
    void theOldestJobIsServedFirst() {
        jobs.createJob("job-new", MODEL, inputs(4), 2, T0.plusSeconds(10));
        jobs.createJob("job-old", MODEL, inputs(2), 2, T0);

        List<LeasedUnit> leased = units.lease("car-a", 3, Set.of(), T0.plusSeconds(20), TTL);

        assertThat(leased).extracting(LeasedUnit::unitId).containsExactly("job-old-u0", "job-new-u0", "job-new-u1");
    }

    @Test
    void aCarOnlyGetsUnitsOfModelsItRuns() {
        jobs.createJob("job-1", "bge-small-en-v1.5", inputs(2), 2, T0);

        assertThat(units.hasQueuedWork(Set.of(MODEL))).isFalse();
        assertThat(units.lease("car-a", 1, Set.of(MODEL), T0, TTL)).isEmpty();
        assertThat(units.hasQueuedWork(Set.of("bge-small-en-v1.5"))).isTrue();
        assertThat(units.hasQueuedWork(Set.of())).isTrue();
        assertThat(units.lease("car-a", 1, Set.of(MODEL, "bge-small-en-v1.5"), T0, TTL)).hasSize(1);
        assertThat(units.hasQueuedWork(Set.of())).isFalse();
    }

    @Test
    void noWorkIsAnEmptyLeaseNotAnError() {
        assertThat(units.lease("car-a", 4, Set.of(), T0, TTL)).isEmpty();
        assertThatThrownBy(() -> units.lease("car-a", 0, Set.of(), T0, TTL)).hasMessageStartingWith("maxUnits:");
        assertThatThrownBy(() -> units.lease("car-a", 1, Set.of(), T0, Duration.ZERO)).hasMessageStartingWith("ttl:");
    }

    @Test
    void heartbeatsKeepALeaseAliveOnlyForItsCarAndOnlyWhileLive() {
        jobs.createJob("job-1", MODEL, inputs(2), 2, T0);
        LeasedUnit unit = units.lease("car-a", 1, Set.of(), T0, TTL).getFirst();
        Instant later = T0.plusSeconds(20);

        assertThat(units.heartbeat(unit.leaseId(), "car-a", later, TTL)).hasValue(later.plus(TTL));
        assertThat(units.heartbeat(unit.leaseId(), "car-b", later, TTL)).isEmpty();
        assertThat(units.heartbeat("no-such-lease", "car-a", later, TTL)).isEmpty();
        assertThat(units.expireLeases(T0.plus(TTL).plusSeconds(1), 3)).isZero();
        assertThat(units.heartbeat(unit.leaseId(), "car-a", later.plus(TTL).plusMillis(1), TTL)).isEmpty();
    }

    @Test
    void completingEveryUnitCompletesTheJob() {
        jobs.createJob("job-1", MODEL, inputs(6), 3, T0);
        List<LeasedUnit> leased = units.lease("car-a", 2, Set.of(), T0, TTL);

        assertThat(units.complete(leased.get(0).leaseId(), "car-a", resultsFor(leased.get(0)), T0.plusSeconds(1)))
                .isEqualTo(CompleteResponse.ACCEPTED);
        assertThat(jobs.status("job-1").orElseThrow().state()).isEqualTo("in_progress");
        assertThat(units.complete(leased.get(1).leaseId(), "car-a", resultsFor(leased.get(1)), T0.plusSeconds(2)))
                .isEqualTo(CompleteResponse.ACCEPTED);

        assertThat(jobs.status("job-1").orElseThrow())
                .isEqualTo(new JobStatus("job-1", MODEL, "completed", 6, 0, 0, 6, 0, T0, T0.plusSeconds(2)));
    }

    @Test
    void aUnitCompletedTwiceIsStoredOnce() {
        jobs.createJob("job-1", MODEL, inputs(3), 3, T0);
        LeasedUnit unit = units.lease("car-a", 1, Set.of(), T0, TTL).getFirst();
        units.complete(unit.leaseId(), "car-a", resultsFor(unit), T0);
        List<InputResult> different = unit.inputs().stream()
                .map(input -> new InputResult(input.index(), new float[] {42f})).toList();

        assertThat(units.complete(unit.leaseId(), "car-a", different, T0.plusSeconds(1)))
                .isEqualTo(CompleteResponse.DUPLICATE);

        assertThat(queryLong("SELECT COUNT(*) FROM results WHERE job_id = 'job-1'")).isEqualTo(3);
        assertThat(streamedEmbeddings("job-1")).containsExactly(Map.entry(0, exactly(embedding(0))),
                Map.entry(1, exactly(embedding(1))), Map.entry(2, exactly(embedding(2))));
    }

    @Test
    void resultsThatDoNotFitTheUnitAreRejectedAndNothingIsStored() {
        jobs.createJob("job-1", MODEL, inputs(6), 3, T0);
        LeasedUnit unit = units.lease("car-a", 1, Set.of(), T0, TTL).getFirst();
        String lease = unit.leaseId();
        float[] ok = {1f, 2f};

        assertThatThrownBy(() -> units.complete(lease, "car-a", results(ok, 0, 1, 2, 3), T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input 3 is not in unit job-1-u0");
        assertThatThrownBy(() -> units.complete(lease, "car-a", results(ok, 0, 1), T0))
                .hasMessageContaining("have no embedding, first 2");
        assertThatThrownBy(() -> units.complete(lease, "car-a", results(ok, 0, 1, 1, 2), T0))
                .hasMessageContaining("input 1 appears twice");
        assertThatThrownBy(() -> units.complete(lease, "car-a", results(new float[0], 0, 1, 2), T0))
                .hasMessageContaining("has no embedding");
        assertThatThrownBy(() -> units.complete(lease, "car-a", results(new float[] {Float.NaN}, 0, 1, 2), T0))
                .hasMessageContaining("not finite");
        assertThatThrownBy(() -> units.complete(lease, "car-a", List.of(new InputResult(0, ok),
                new InputResult(1, new float[] {1f}), new InputResult(2, ok)), T0))
                .hasMessageContaining("dimensions");

        assertThat(queryLong("SELECT COUNT(*) FROM results")).isZero();
        assertThat(queryString("SELECT state FROM units WHERE id = 'job-1-u0'")).isEqualTo("LEASED");
        assertThat(units.complete(lease, "car-a", results(ok, 0, 1, 2), T0)).isEqualTo(CompleteResponse.ACCEPTED);
    }

    @Test
    void anUnknownLeaseOrAnotherCarsLeaseIsLost() {
        jobs.createJob("job-1", MODEL, inputs(2), 2, T0);
        LeasedUnit unit = units.lease("car-a", 1, Set.of(), T0, TTL).getFirst();

        assertThat(units.complete("no-such-lease", "car-a", resultsFor(unit), T0))
                .isEqualTo(CompleteResponse.LEASE_LOST);
        assertThat(units.complete(unit.leaseId(), "car-b", resultsFor(unit), T0))
                .isEqualTo(CompleteResponse.LEASE_LOST);
        assertThat(units.release(unit.leaseId(), "car-b", List.of(), "mine now", T0)).isFalse();
        assertThat(queryLong("SELECT COUNT(*) FROM results")).isZero();
    }

    @Test
    void anExpiredLeaseIsRequeuedAndLeasedAgain() {
        jobs.createJob("job-1", MODEL, inputs(2), 2, T0);
        LeasedUnit first = units.lease("car-a", 1, Set.of(), T0, TTL).getFirst();

        assertThat(units.expireLeases(first.expiresAt(), 3)).as("alive until its expiry").isZero();
        assertThat(units.expireLeases(first.expiresAt().plusMillis(1), 3)).isEqualTo(1);

        Instant later = first.expiresAt().plusSeconds(1);
        LeasedUnit second = units.lease("car-b", 1, Set.of(), later, TTL).getFirst();
        assertThat(second.unitId()).isEqualTo(first.unitId());
        assertThat(second.leaseId()).isNotEqualTo(first.leaseId());
        assertThat(second.inputs()).isEqualTo(first.inputs());
        assertThat(queryLong("SELECT attempts FROM units WHERE id = ?", second.unitId())).isEqualTo(2);
        assertThat(units.heartbeat(first.leaseId(), "car-a", later, TTL)).isEmpty();
        assertThat(units.complete(first.leaseId(), "car-a", resultsFor(first), later))
                .as("car-b holds the unit now").isEqualTo(CompleteResponse.LEASE_LOST);
        assertThat(units.complete(second.leaseId(), "car-b", resultsFor(second), later))
                .isEqualTo(CompleteResponse.ACCEPTED);
        assertThat(units.complete(first.leaseId(), "car-a", resultsFor(first), later))
                .isEqualTo(CompleteResponse.DUPLICATE);
    }

    @Test
    void aLateCompletionIsAcceptedWhileNoOtherCarHoldsTheUnit() {
        jobs.createJob("job-1", MODEL, inputs(2), 2, T0);
        LeasedUnit unit = units.lease("car-a", 1, Set.of(), T0, TTL).getFirst();
        Instant late = unit.expiresAt().plusSeconds(5);
        units.expireLeases(late, 3);

        assertThat(units.complete(unit.leaseId(), "car-a", resultsFor(unit), late))
                .isEqualTo(CompleteResponse.ACCEPTED);

        assertThat(jobs.status("job-1").orElseThrow().state()).isEqualTo("completed");
        assertThat(queryLong("SELECT attempts FROM units WHERE id = ?", unit.unitId())).isEqualTo(1);
    }

    @Test
    void aUnitThatKeepsExpiringFailsWithAnErrorPerInputAndTheJobCompletes() {
        jobs.createJob("job-1", MODEL, inputs(4), 2, T0);
        LeasedUnit good = units.lease("car-a", 1, Set.of(), T0, TTL).getFirst();
        units.complete(good.leaseId(), "car-a", resultsFor(good), T0);
        Instant now = T0;
        for (int attempt = 1; attempt <= 2; attempt++) {
            assertThat(units.lease("car-b", 1, Set.of(), now, TTL)).extracting(LeasedUnit::unitId)
                    .containsExactly("job-1-u1");
            now = now.plus(TTL).plusSeconds(1);
            assertThat(units.expireLeases(now, 2)).isEqualTo(1);
        }

        assertThat(queryString("SELECT state FROM units WHERE id = 'job-1-u1'")).isEqualTo("FAILED");
        assertThat(units.lease("car-c", 1, Set.of(), now, TTL)).isEmpty();
        assertThat(jobs.status("job-1").orElseThrow())
                .isEqualTo(new JobStatus("job-1", MODEL, "completed", 4, 0, 0, 2, 2, T0, now));
        List<String> errors = new ArrayList<>();
        jobs.streamResults("job-1", (index, customId, embedding, error) -> errors.add(error));
        assertThat(errors).containsExactly(null, null, "unit failed after 2 attempts: lease expired",
                "unit failed after 2 attempts: lease expired");
    }

    @Test
    void aReleasedUnitKeepsItsPartialResultsAndIsLeasedWithTheRest() {
        jobs.createJob("job-1", MODEL, inputs(4), 4, T0);
        LeasedUnit unit = units.lease("car-a", 1, Set.of(), T0, TTL).getFirst();
        List<InputResult> partial = List.of(new InputResult(0, embedding(0)), new InputResult(1, embedding(1)));

        assertThat(units.release(unit.leaseId(), "car-a", partial, "driver is back", T0.plusSeconds(3))).isTrue();

        assertThat(jobs.status("job-1").orElseThrow())
                .isEqualTo(new JobStatus("job-1", MODEL, "in_progress", 4, 2, 0, 2, 0, T0, null));
        assertThat(queryLong("SELECT attempts FROM units WHERE id = ?", unit.unitId())).as("a release is no failure")
                .isZero();
        assertThat(queryString("SELECT end_reason FROM leases WHERE id = ?", unit.leaseId()))
                .isEqualTo("released: driver is back");
        assertThat(units.release(unit.leaseId(), "car-a", List.of(), "again", T0.plusSeconds(4))).isFalse();
        LeasedUnit rest = units.lease("car-b", 1, Set.of(), T0.plusSeconds(5), TTL).getFirst();
        assertThat(rest.unitId()).isEqualTo(unit.unitId());
        assertThat(rest.inputs()).extracting(UnitInput::index).containsExactly(2, 3);
        assertThat(units.complete(rest.leaseId(), "car-b", resultsFor(rest), T0.plusSeconds(6)))
                .isEqualTo(CompleteResponse.ACCEPTED);
        assertThat(streamedEmbeddings("job-1")).containsExactly(Map.entry(0, exactly(embedding(0))),
                Map.entry(1, exactly(embedding(1))), Map.entry(2, exactly(embedding(2))),
                Map.entry(3, exactly(embedding(3))));
    }

    @Test
    void theEnergyACarReportsIsKeptOnTheLeaseItEnded() {
        jobs.createJob("job-1", MODEL, inputs(4), 2, T0);
        List<LeasedUnit> leased = units.lease("car-a", 2, Set.of(), T0, TTL);
        LeasedUnit released = leased.get(0);
        LeasedUnit completed = leased.get(1);

        units.release(released.leaseId(), "car-a", List.of(new InputResult(released.inputs().getFirst().index(),
                embedding(0))), "not_plugged_in", 0.25, T0.plusSeconds(1));
        units.complete(completed.leaseId(), "car-a", resultsFor(completed), 1.5, T0.plusSeconds(2));

        // The claim is kept as claimed; what is paid is bounded by the board's power over the observed lease time.
        assertThat(queryString("SELECT CAST(energy_claimed_wh AS VARCHAR(40)) FROM leases WHERE id = ?",
                released.leaseId())).startsWith("0.25");
        assertThat(queryString("SELECT CAST(energy_claimed_wh AS VARCHAR(40)) FROM leases WHERE id = ?",
                completed.leaseId())).startsWith("1.5");
        assertThat(queryLong("SELECT COUNT(*) FROM leases WHERE id = ? AND energy_wh <= 160 * 2 / 3600.0",
                completed.leaseId())).isEqualTo(1);
        LeasedUnit rest = units.lease("car-b", 1, Set.of(), T0.plusSeconds(3), TTL).getFirst();
        units.complete(rest.leaseId(), "car-b", resultsFor(rest), null, T0.plusSeconds(4));
        assertThat(queryLong("SELECT COUNT(*) FROM leases WHERE id = ? AND energy_wh IS NULL", rest.leaseId()))
                .as("an older agent reports no energy").isEqualTo(1);
    }

    @Test
    void aReleaseThatCoversTheWholeUnitCompletesIt() {
        jobs.createJob("job-1", MODEL, inputs(2), 2, T0);
        LeasedUnit unit = units.lease("car-a", 1, Set.of(), T0, TTL).getFirst();

        assertThat(units.release(unit.leaseId(), "car-a", resultsFor(unit), null, T0.plusSeconds(1))).isTrue();

        assertThat(jobs.status("job-1").orElseThrow().state()).isEqualTo("completed");
        assertThat(units.complete(unit.leaseId(), "car-a", resultsFor(unit), T0.plusSeconds(2)))
                .isEqualTo(CompleteResponse.DUPLICATE);
    }

    @Test
    void anExpiredAndRequeuedLeaseCannotBeReleased() {
        jobs.createJob("job-1", MODEL, inputs(2), 2, T0);
        LeasedUnit unit = units.lease("car-a", 1, Set.of(), T0, TTL).getFirst();
        Instant late = unit.expiresAt().plusSeconds(1);
        units.expireLeases(late, 3);

        assertThat(units.release(unit.leaseId(), "car-a", List.of(new InputResult(0, embedding(0))), "late", late))
                .isFalse();
        assertThat(queryLong("SELECT COUNT(*) FROM results")).isZero();
    }

    private static List<InputResult> results(float[] embedding, int... indexes) {
        List<InputResult> results = new ArrayList<>();
        for (int index : indexes) {
            results.add(new InputResult(index, embedding));
        }
        return results;
    }

    /** Each input's embedding as its bit patterns in text, so that equal means bit-for-bit equal. */
    private Map<Integer, String> streamedEmbeddings(String jobId) {
        Map<Integer, String> embeddings = new TreeMap<>();
        jobs.streamResults(jobId, (index, customId, embedding, error) -> embeddings.put(index, exactly(embedding)));
        return embeddings;
    }

    private static String exactly(float[] embedding) {
        return embedding == null ? "none" : Arrays.toString(bits(embedding));
    }
}
