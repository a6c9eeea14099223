package io.terafleet.coordinator.leasing;

import static io.terafleet.coordinator.jobs.JobFixtures.MODEL;
import static io.terafleet.coordinator.jobs.JobFixtures.T0;
import static io.terafleet.coordinator.jobs.JobFixtures.inputs;
import static io.terafleet.coordinator.jobs.JobFixtures.resultsFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.db.DatabaseTest;
import io.terafleet.coordinator.jobs.JobRepository;
import io.terafleet.coordinator.jobs.JobSpec;
import io.terafleet.coordinator.jobs.ResultFilter;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.job.JobState;
import io.terafleet.core.lifecycle.TransitionTable;
import io.terafleet.core.scheduling.CarProfile;
import io.terafleet.core.scheduling.HardwareClass;
import io.terafleet.core.scheduling.ModelRequirements;
import io.terafleet.core.scheduling.PriorityClass;
import io.terafleet.core.scheduling.RetryPolicy;
import io.terafleet.core.scheduling.Scheduler;
import io.terafleet.core.scheduling.SchedulingPolicy;
import io.terafleet.core.unit.UnitState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scheduler, retry backoff and the job lifecycle as the store carries them out. */
abstract class SchedulingContract extends DatabaseTest {
    static final Duration TTL = Duration.ofSeconds(30);
    static final RetryPolicy RETRY = new RetryPolicy(2, 3, Duration.ofSeconds(10), Duration.ofSeconds(60));

    private JobRepository jobs;
    private UnitRepository units;

    @BeforeEach
    void createRepositories() {
        jobs = new JobRepository(database);
        AtomicInteger ids = new AtomicInteger();
        units = new UnitRepository(database, new Scheduler(SchedulingPolicy.DEFAULT), RETRY,
                model -> ModelRequirements.NONE, tenant -> 1.0, () -> "lease-" + ids.incrementAndGet());
    }

    private static CarProfile car(String id, Double rate, Long availableSeconds) {
        return new CarProfile(id, HardwareClass.HW3, Set.of(), Set.of(MODEL), rate, availableSeconds, false);
    }

    @Test
    void aUnitIsCutToEndBeforeTheCarLeavesAndTheRestStaysQueued() {
        jobs.createJob("job-1", MODEL, inputs(64), 64, T0);
        // 2 inputs/s, leaving in 70 s with a 60 s margin: 10 s of work = 20 inputs.
        LeasedUnit cut = units.lease(car("car-a", 2.0, 70L), 1, T0, TTL).getFirst();
        assertThat(cut.inputs()).hasSize(20);
        assertThat(cut.inputs().getFirst().index()).isZero();
        LeasedUnit rest = units.lease(car("car-b", null, null), 1, T0, TTL).getFirst();
        assertThat(rest.unitId()).isEqualTo("job-1-i20");
        assertThat(rest.inputs()).hasSize(44);
        assertThat(rest.inputs().getFirst().index()).isEqualTo(20);
        units.complete(cut.leaseId(), "car-a", resultsFor(cut), T0.plusSeconds(5));
        units.complete(rest.leaseId(), "car-b", resultsFor(rest), T0.plusSeconds(6));
        assertThat(jobs.status("job-1").orElseThrow().state()).isEqualTo("completed");
        assertThat(jobs.status("job-1").orElseThrow().completed()).isEqualTo(64);
    }

    @Test
    void aCarLeavingTooSoonGetsNoWorkAndThatIsAValue() {
        jobs.createJob("job-1", MODEL, inputs(8), 8, T0);
        UnitRepository.Grant grant = units.leaseWithDecision(car("car-a", 2.0, 30L), 1, T0, TTL);
        assertThat(grant.units()).isEmpty();
        assertThat(grant.decision().skipped()).containsKey("job-1");
    }

    @Test
    void anExpiredUnitWaitsOutItsBackoffThenFailsAfterMaxAttemptsWithItsReason() {
        expireTwice("job-1");
    }

    private void expireTwice(String job) {
        jobs.createJob(job, MODEL, inputs(2), 2, T0);
        units.lease(car("car-a", null, null), 1, T0, TTL);
        assertThat(units.expireLeases(T0.plus(TTL).plusSeconds(1))).isEqualTo(1);
        var later = T0.plus(TTL).plusSeconds(2);
        assertThat(units.lease(car("car-b", null, null), 1, later, TTL)).as("within the 10 s backoff").isEmpty();
        assertThat(units.lease(car("car-b", null, null), 1, later.plusSeconds(10), TTL)).hasSize(1);
        assertThat(units.expireLeases(later.plusSeconds(10).plus(TTL).plusSeconds(1))).isEqualTo(1);

        var status = jobs.status(job).orElseThrow();
        assertThat(status.state()).isEqualTo("failed");
        assertThat(status.failed()).isEqualTo(2);
        List<String> errors = new ArrayList<>();
        jobs.streamResults(job, ResultFilter.FAILED, (i, id, e, error) -> errors.add(error));
        assertThat(errors).containsOnly("unit failed after 2 attempts: lease expired");
        assertThat(queryString("SELECT last_error FROM units WHERE id = '" + job + "-u0'")).contains("lease expired");
    }

    @Test
    void aUnitReleasedTooOftenFails() {
        jobs.createJob("job-1", MODEL, inputs(2), 2, T0);
        var now = T0;
        for (int release = 1; release <= 3; release++) {
            LeasedUnit unit = units.lease(car("car-a", null, null), 1, now, TTL).getFirst();
            units.release(unit.leaseId(), "car-a", List.of(), "driver is back", now);
            now = now.plusSeconds(120);
        }
        assertThat(queryString("SELECT state FROM units WHERE id = 'job-1-u0'")).isEqualTo("FAILED");
        assertThat(jobs.status("job-1").orElseThrow().state()).isEqualTo("failed");
    }

    @Test
    void onlineJobsAreLeasedFirstAndTenantsShareFairly() {
        jobs.createJob(new JobSpec("big-1", MODEL, "big", PriorityClass.BATCH, null, 1), inputs(4), T0);
        jobs.createJob(new JobSpec("small-1", MODEL, "small", PriorityClass.BATCH, null, 1), inputs(4),
                T0.plusSeconds(1));
        jobs.createJob(new JobSpec("online-1", MODEL, "small", PriorityClass.ONLINE, null, 1), inputs(1),
                T0.plusSeconds(2));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            order.add(units.lease(car("car-" + i, null, null), 1, T0.plusSeconds(3), TTL).getFirst().jobId());
        }
        // Online first. Its live work counts for its tenant, so "big" (none live) goes next, then the older job
        // on a tie, and from then on whichever tenant has less live work.
        assertThat(order).containsExactly("online-1", "big-1", "big-1", "small-1", "big-1");
    }

    @Test
    void aJobWhoseWindowEndsExpiresKeepingWhatIsDone() {
        jobs.createJob(new JobSpec("job-w", MODEL, "t", PriorityClass.BATCH, T0.plusSeconds(60), 2), inputs(4), T0);
        LeasedUnit first = units.lease(car("car-a", null, null), 1, T0, TTL).getFirst();
        units.complete(first.leaseId(), "car-a", resultsFor(first), T0.plusSeconds(10));
        units.lease(car("car-b", null, null), 1, T0.plusSeconds(11), TTL);

        assertThat(jobs.expireOverdue(T0.plusSeconds(61))).containsExactly("job-w");
        var status = jobs.status("job-w").orElseThrow();
        assertThat(status.state()).isEqualTo("expired");
        assertThat(status.completed()).isEqualTo(2);
        assertThat(status.failed()).isEqualTo(2);
        assertThat(status.expiresAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void aJobValidatedLaterStartsOrFails() {
        var spec = JobSpec.batch("job-v", MODEL, 4);
        assertThat(jobs.createValidating(spec, T0)).isTrue();
        assertThat(jobs.status("job-v").orElseThrow().state()).isEqualTo("validating");
        assertThat(jobs.attachInputs(spec, inputs(3), T0.plusSeconds(1))).isTrue();
        assertThat(jobs.status("job-v").orElseThrow().state()).isEqualTo("in_progress");

        jobs.createValidating(JobSpec.batch("job-bad", MODEL, 4), T0);
        assertThat(jobs.rejectValidation("job-bad", "line 3: input must be a string", T0)).isTrue();
        assertThat(jobs.status("job-bad").orElseThrow().state()).isEqualTo("failed");
        assertThat(jobs.failureReason("job-bad")).contains("line 3: input must be a string");

        jobs.createValidating(JobSpec.batch("job-gone", MODEL, 4), T0);
        assertThat(jobs.cancel("job-gone", T0)).isTrue();
        assertThat(jobs.attachInputs(JobSpec.batch("job-gone", MODEL, 4), inputs(1), T0)).isFalse();
    }

    /** Drives each lifecycle through every move on a fresh store, whatever other tests ran before. */
    @Test
    void everyJobAndUnitTransitionIsVisited() {
        aUnitIsCutToEndBeforeTheCarLeavesAndTheRestStaysQueued();
        expireTwice("job-x");
        jobs.createJob("job-c", MODEL, inputs(4), 2, T0);
        units.lease(car("car-x", null, null), 1, T0, TTL);
        jobs.cancel("job-c", T0);
        aJobWhoseWindowEndsExpiresKeepingWhatIsDone();
        aJobValidatedLaterStartsOrFails();
        jobs.createJob("job-r", MODEL, inputs(2), 2, T0);
        LeasedUnit unit = units.lease(car("car-y", null, null), 1, T0, TTL).getFirst();
        units.release(unit.leaseId(), "car-y", List.of(), "plugged out", T0);

        assertAllVisited(JobState.TRANSITIONS);
        assertAllVisited(UnitState.TRANSITIONS);
    }

    private static <S extends Enum<S>> void assertAllVisited(TransitionTable<S> table) {
        assertThat(table.visited()).as(table.stateType().getSimpleName() + " transitions exercised")
                .containsAll(table.transitions());
    }
}
