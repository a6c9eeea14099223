package io.terafleet.coordinator.leasing;

import static io.terafleet.coordinator.jobs.JobFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.core.api.GenerationTask;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.verification.AdaptiveReplication;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replicated generation jobs: a trusted car's solo unit of an adaptive job is spot-checked by a scoring pass on a
 * trusted car, not by a second decode; and a released replica lane keeps the answers it finished, so that its next
 * car answers only the rest.
 */
abstract class LaneChecksContract extends HeldAnswersFixture {
    @Override
    AdaptiveReplication adaptive() {
        return new AdaptiveReplication(true, 10, 1.0, 1.0, 3, 50); // every solo unit is spot-checked
    }

    @Test
    void aTrustedCarsSoloUnitOfAnAdaptiveJobIsCheckedByAScoringPass() throws Exception {
        trust("car-a");
        createJob(2, true);
        LeasedUnit solo = lease("car-a", T0);
        assertThat(solo.inputs()).hasSize(2);
        assertThat(queryLong("SELECT COUNT(*) FROM units WHERE replica = 1 AND state = 'QUEUED'"))
                .as("no replica lane is left to decode").isZero();
        units.complete(solo.leaseId(), "car-a", List.of(answer(0, FIRST, "length", 0), answer(1, SECOND, "length", 0)),
                0.01, T0.plusSeconds(5));
        assertThat(queryLong("SELECT COUNT(*) FROM results WHERE job_id = 'job-g'")).as("held").isZero();

        LeasedUnit check = lease("checker-1", T0.plusSeconds(6));
        assertThat(JSON.readValue(check.inputs().getFirst().text(), GenerationTask.class).score())
                .containsExactly(FIRST);
        units.complete(check.leaseId(), "checker-1", List.of(answer(0, FIRST, "stop", 0),
                answer(1, SECOND, "stop", 0)), 0.01, T0.plusSeconds(7));
        assertThat(jobs.status("job-g").orElseThrow().state()).isEqualTo("completed");
        assertThat(queryLong("SELECT COUNT(*) FROM results WHERE job_id = 'job-g'")).isEqualTo(2);
        assertThat(queryLong("SELECT total_valid FROM car_trust WHERE car_id = 'car-a'")).isEqualTo(21);
    }

    @Test
    void aReleasedReplicaLaneKeepsItsFinishedAnswersAndItsNextCarAnswersOnlyTheRest() throws Exception {
        units.checkGenerationShare(0);
        createJob(2, false);
        LeasedUnit laneA = lease("car-a", T0);
        LeasedUnit laneB = lease("car-b", T0);
        assertThat(units.release(laneA.leaseId(), "car-a", List.of(answer(0, FIRST, "length", 0),
                answer(1, new int[] {4}, null, 0)), "owner_needs_car", 0.002, T0.plusSeconds(5))).isTrue();
        assertThat(queryLong("SELECT COUNT(*) FROM replica_results WHERE car_id = 'car-a' AND input_index = 0"))
                .as("the finished answer is the lane's replica").isEqualTo(1);

        LeasedUnit resumed = lease("car-c", T0.plusSeconds(6));
        assertThat(resumed.inputs()).as("the finished answer is not generated again").extracting(i -> i.index())
                .containsExactly(1);
        assertThat(JSON.readValue(resumed.inputs().getFirst().text(), GenerationTask.class).resumeTokens())
                .containsExactly(4);

        units.complete(laneB.leaseId(), "car-b", List.of(answer(0, FIRST, "length", 0),
                answer(1, SECOND, "length", 0)), 0.01, T0.plusSeconds(8));
        units.complete(resumed.leaseId(), "car-c", List.of(answer(1, new int[] {5, 6}, "length", 1)), 0.01,
                T0.plusSeconds(9));
        assertThat(jobs.status("job-g").orElseThrow().state()).isEqualTo("completed");
        assertThat(queryLong("SELECT COUNT(*) FROM results WHERE job_id = 'job-g'")).isEqualTo(2);
        assertThat(queryLong("SELECT COUNT(*) FROM replica_results WHERE verdict = 'VALID'")).isEqualTo(4);
        assertThat(queryLong("SELECT COUNT(*) FROM answer_progress")).isZero();
    }

    @Test
    void aLaneWhoseEveryAnswerWasFinishedWhenReleasedIsComplete() throws Exception {
        units.checkGenerationShare(0);
        createJob(2, false);
        LeasedUnit laneA = lease("car-a", T0);
        units.release(laneA.leaseId(), "car-a", List.of(answer(0, FIRST, "length", 0),
                answer(1, SECOND, "length", 0)), "owner_needs_car", 0.002, T0.plusSeconds(5));
        assertThat(queryString("SELECT state FROM units WHERE id = '" + laneA.unitId() + "'")).isEqualTo("COMPLETED");
        LeasedUnit laneB = lease("car-b", T0.plusSeconds(6));
        assertThat(laneB.inputs()).hasSize(2);
        units.complete(laneB.leaseId(), "car-b", List.of(answer(0, FIRST, "length", 0),
                answer(1, SECOND, "length", 0)), 0.01, T0.plusSeconds(8));
        assertThat(jobs.status("job-g").orElseThrow().state()).isEqualTo("completed");
        assertThat(queryLong("SELECT COUNT(*) FROM answer_progress")).isZero();
    }
}
