package io.terafleet.coordinator.jobs;

import static io.terafleet.coordinator.jobs.JobFixtures.MODEL;
import static io.terafleet.coordinator.jobs.JobFixtures.T0;
import static io.terafleet.coordinator.jobs.JobFixtures.bits;
import static io.terafleet.coordinator.jobs.JobFixtures.embedding;
import static io.terafleet.coordinator.jobs.JobFixtures.inputs;
import static io.terafleet.coordinator.jobs.JobFixtures.resultsFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.terafleet.coordinator.db.DatabaseTest;
import io.terafleet.coordinator.leasing.UnitRepository;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.JobStatus;
import io.terafleet.core.api.LeasedUnit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class JobRepositoryContract extends DatabaseTest {
    private static final Duration TTL = Duration.ofSeconds(30);

    private JobRepository jobs;
    private UnitRepository units;

    @BeforeEach
    void createRepositories() {
        jobs = new JobRepository(database);
        units = new UnitRepository(database);
    }

    @Test
    void createdJobHasAllInputsQueuedInUnitsOfTheGivenSize() {
        assertThat(jobs.createJob("job-1", MODEL, inputs(10), 4, T0)).isTrue();

        JobStatus status = jobs.status("job-1").orElseThrow();
        assertThat(status).isEqualTo(new JobStatus("job-1", MODEL, "in_progress", 10, 10, 0, 0, 0, T0, null));
        assertThat(queryLong("SELECT COUNT(*) FROM inputs WHERE job_id = 'job-1'")).isEqualTo(10);
        assertThat(queryLong("SELECT COUNT(*) FROM units WHERE job_id = 'job-1' AND state = 'QUEUED'")).isEqualTo(3);
        assertThat(queryString("SELECT input_text FROM inputs WHERE job_id = 'job-1' AND input_index = 7"))
                .isEqualTo("text number 7");
        assertThat(queryLong("SELECT input_count FROM units WHERE job_id = 'job-1' AND unit_index = 2")).isEqualTo(2);
    }

    @Test
    void anExistingJobIdIsNotCreatedAgain() {
        jobs.createJob("job-1", MODEL, inputs(3), 2, T0);

        assertThat(jobs.createJob("job-1", "other-model", inputs(5), 2, T0.plusSeconds(1))).isFalse();
        assertThat(jobs.status("job-1").orElseThrow().total()).isEqualTo(3);
    }

    @Test
    void malformedJobsAreRejectedByNameAndStoreNothing() {
        var duplicateIds = List.of(new NewInput("a", "x"), new NewInput("b", "y"), new NewInput("a", "z"));

        assertThatThrownBy(() -> jobs.createJob("job-1", MODEL, duplicateIds, 2, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate customId \"a\"");
        assertThatThrownBy(() -> jobs.createJob("job 1", MODEL, inputs(1), 2, T0)).hasMessageStartingWith("jobId:");
        assertThatThrownBy(() -> jobs.createJob("job-1", " ", inputs(1), 2, T0)).hasMessageStartingWith("model:");
        assertThatThrownBy(() -> jobs.createJob("job-1", MODEL, List.of(), 2, T0)).hasMessageStartingWith("inputs:");
        assertThatThrownBy(() -> jobs.createJob("job-1", MODEL, inputs(1), 0, T0)).hasMessageStartingWith("unitSize:");
        assertThatThrownBy(() -> new NewInput("", "x")).hasMessageStartingWith("customId:");
        assertThat(queryLong("SELECT COUNT(*) FROM jobs")).isZero();
    }

    @Test
    void tenThousandInputsAreStoredInOneQuickTransaction() {
        long started = System.nanoTime();
        jobs.createJob("big", MODEL, inputs(10_000), 32, T0);
        long millis = (System.nanoTime() - started) / 1_000_000;

        System.out.printf("createJob with 10,000 inputs on %s took %d ms%n", getClass().getSimpleName(), millis);
        assertThat(millis).isLessThan(15_000);
        assertThat(jobs.status("big").orElseThrow().queued()).isEqualTo(10_000);
        assertThat(queryLong("SELECT COUNT(*) FROM units WHERE job_id = 'big'")).isEqualTo(313);
    }

    @Test
    void anUnknownJobHasNoStatus() {
        assertThat(jobs.status("nope")).isEmpty();
    }

    @Test
    void statusCountsQueuedRunningCompletedAndFailedInputs() {
        jobs.createJob("job-1", MODEL, inputs(12), 4, T0);
        List<LeasedUnit> leased = units.lease("car-a", 2, Set.of(), T0, TTL);
        units.complete(leased.get(0).leaseId(), "car-a", resultsFor(leased.get(0)), T0.plusSeconds(1));

        assertThat(jobs.status("job-1").orElseThrow())
                .isEqualTo(new JobStatus("job-1", MODEL, "in_progress", 12, 4, 4, 4, 0, T0, null));

        units.expireLeases(T0.plus(TTL).plusSeconds(1), 1);

        assertThat(jobs.status("job-1").orElseThrow())
                .isEqualTo(new JobStatus("job-1", MODEL, "in_progress", 12, 4, 0, 4, 4, T0, null));
    }

    @Test
    void resultsStreamInInputOrderWithExactEmbeddings() {
        jobs.createJob("job-1", MODEL, inputs(1_234), 100, T0);
        for (LeasedUnit unit : units.lease("car-a", 5, Set.of(), T0, TTL)) {
            units.complete(unit.leaseId(), "car-a", resultsFor(unit), T0);
        }
        List<Integer> indexes = new ArrayList<>();

        assertThat(jobs.streamResults("job-1", (index, customId, embedding, error) -> {
            indexes.add(index);
            assertThat(customId).isEqualTo("id-" + index);
            assertThat(error).isNull();
            if (index < 500) {
                assertThat(bits(embedding)).isEqualTo(bits(embedding(index)));
            } else {
                assertThat(embedding).as("input %d is still pending", index).isNull();
            }
        })).isTrue();
        assertThat(indexes).hasSize(1_234).isSorted().startsWith(0).endsWith(1_233);
    }

    @Test
    void streamingAnUnknownJobCallsNoSink() {
        assertThat(jobs.streamResults("nope", (index, customId, embedding, error) -> {
            throw new AssertionError("called");
        })).isFalse();
    }

    @Test
    void cancellingKeepsResultsAndFailsTheRest() {
        jobs.createJob("job-1", MODEL, inputs(12), 4, T0);
        List<LeasedUnit> leased = units.lease("car-a", 2, Set.of(), T0, TTL);
        units.complete(leased.get(0).leaseId(), "car-a", resultsFor(leased.get(0)), T0);
        Instant cancelledAt = T0.plusSeconds(9);

        assertThat(jobs.cancel("job-1", cancelledAt)).isTrue();

        assertThat(jobs.status("job-1").orElseThrow())
                .isEqualTo(new JobStatus("job-1", MODEL, "cancelled", 12, 0, 0, 4, 8, T0, cancelledAt));
        assertThat(queryLong("SELECT COUNT(*) FROM units WHERE job_id = 'job-1' AND state = 'CANCELLED'")).isEqualTo(2);
        List<String> errors = new ArrayList<>();
        jobs.streamResults("job-1", (index, customId, embedding, error) -> errors.add(error));
        assertThat(errors.subList(0, 4)).containsOnlyNulls();
        assertThat(errors.subList(4, 12)).containsOnly(JobRepository.CANCELLED_ERROR);
    }

    @Test
    void aCancelledJobsLeasesAreLostAndItsUnitsAreNotLeasedAgain() {
        jobs.createJob("job-1", MODEL, inputs(8), 4, T0);
        LeasedUnit held = units.lease("car-a", 1, Set.of(), T0, TTL).getFirst();

        jobs.cancel("job-1", T0.plusSeconds(1));

        assertThat(units.heartbeat(held.leaseId(), "car-a", T0.plusSeconds(2), TTL)).isEmpty();
        assertThat(units.complete(held.leaseId(), "car-a", resultsFor(held), T0.plusSeconds(2)))
                .isEqualTo(CompleteResponse.LEASE_LOST);
        assertThat(units.lease("car-b", 5, Set.of(), T0.plusSeconds(2), TTL)).isEmpty();
        assertThat(units.hasQueuedWork(Set.of())).isFalse();
    }

    @Test
    void onlyUnfinishedJobsCanBeCancelled() {
        jobs.createJob("job-1", MODEL, inputs(2), 2, T0);
        LeasedUnit unit = units.lease("car-a", 1, Set.of(), T0, TTL).getFirst();
        units.complete(unit.leaseId(), "car-a", resultsFor(unit), T0);

        assertThat(jobs.status("job-1").orElseThrow().state()).isEqualTo("completed");
        assertThat(jobs.cancel("job-1", T0.plusSeconds(1))).isFalse();
        assertThat(jobs.cancel("nope", T0.plusSeconds(1))).isFalse();
        jobs.createJob("job-2", MODEL, inputs(2), 2, T0);
        assertThat(jobs.cancel("job-2", T0.plusSeconds(1))).isTrue();
        assertThat(jobs.cancel("job-2", T0.plusSeconds(2))).isFalse();
    }

    @Test
    void unfinishedJobsAreListedOldestFirst() {
        jobs.createJob("job-b", MODEL, inputs(1), 1, T0.plusSeconds(1));
        jobs.createJob("job-a", MODEL, inputs(1), 1, T0.plusSeconds(2));
        jobs.createJob("job-c", MODEL, inputs(1), 1, T0);
        jobs.cancel("job-c", T0.plusSeconds(3));
        units.lease("car-a", 1, Set.of(), T0.plusSeconds(4), TTL);

        assertThat(jobs.listUnfinishedJobIds()).containsExactly("job-b", "job-a");
        assertThat(jobs.status("job-b").orElseThrow().state()).isEqualTo("in_progress");
    }
}
