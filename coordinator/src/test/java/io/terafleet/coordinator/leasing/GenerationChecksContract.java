package io.terafleet.coordinator.leasing;

import static io.terafleet.coordinator.jobs.JobFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.coordinator.db.DatabaseTest;
import io.terafleet.coordinator.generation.StoredAnswer;
import io.terafleet.coordinator.jobs.JobRepository;
import io.terafleet.coordinator.jobs.JobSpec;
import io.terafleet.coordinator.jobs.NewInput;
import io.terafleet.coordinator.ledger.LedgerConfig;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.GeneratedAnswer;
import io.terafleet.core.api.GenerationTask;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.scheduling.CarProfile;
import io.terafleet.core.scheduling.HardwareClass;
import io.terafleet.core.scheduling.ModelRequirements;
import io.terafleet.core.scheduling.PriorityClass;
import io.terafleet.core.scheduling.Scheduler;
import io.terafleet.core.scheduling.SchedulingPolicy;
import io.terafleet.core.verification.AdaptiveReplication;
import io.terafleet.core.verification.CarTrust;
import io.terafleet.core.verification.OutputKind;
import io.terafleet.core.verification.TrustState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store's side of checks of solo generation units (the model's side runs on kjv-gpt in the cli's end-to-end
 * tests): a held unit's answers wait as pending replicas, its check goes only to a trusted car of another owner with
 * the answers to re-score, a refuted answer strikes its car and its input is generated again, one that holds is the
 * result; and a released replica lane keeps its own tokens so far.
 */
abstract class GenerationChecksContract extends DatabaseTest {
    private static final String MODEL = "kjv-gpt";
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobRepository jobs;
    private UnitRepository units;

    @BeforeEach
    void createRepositories() throws Exception {
        jobs = new JobRepository(database);
        AtomicInteger ids = new AtomicInteger();
        var verification = new Verification(OutputKind.Embedding.defaults(), AdaptiveReplication.defaults(), 0, 4,
                LedgerConfig.defaults(), 300_000, new Random(1), () -> "job-c" + ids.incrementAndGet());
        units = new UnitRepository(database, new Scheduler(SchedulingPolicy.DEFAULT), UnitRepository.IMMEDIATE_RETRY,
                model -> ModelRequirements.NONE, tenant -> 1.0, () -> "lease-" + ids.incrementAndGet(), verification);
        units.checkGenerationShare(1.0);
        database.inTransaction(c -> {
            TrustRows.write(c, new TrustRows.Stored(new CarTrust("checker", TrustState.TRUSTED, 20, 0, 20, 0), 1), T0);
            return null;
        });
    }

    private void createJob(int replication) throws Exception {
        var task = new GenerationTask(null, "In the beginning", 3, 0, 1, 7, List.of(), null, null);
        String text = JSON.writeValueAsString(task);
        jobs.createJob(new JobSpec("job-g", MODEL, "acme", PriorityClass.BATCH, null, 2)
                .withReplication(replication, Math.max(replication, 2), false).withTokensPerInput(3),
                List.of(new NewInput("a", text), new NewInput("b", text)), T0);
    }

    private LeasedUnit lease(String car, Instant at) {
        List<LeasedUnit> leased = units.lease(new CarProfile(car, HardwareClass.HW3, Set.of(), Set.of(MODEL), null,
                null, false), 1, at, TTL);
        return leased.isEmpty() ? null : leased.getFirst();
    }

    private static InputResult answer(int index, int[] tokens, String finish, int resumed) {
        float[] logprobs = new float[tokens.length];
        java.util.Arrays.fill(logprobs, -0.5f);
        return InputResult.generated(index, new GeneratedAnswer(tokens, logprobs, "t", finish, resumed, 4));
    }

    @Test
    void aHeldUnitIsCheckedByATrustedCarAndARefutedAnswerIsStruckAndGeneratedAgain() throws Exception {
        createJob(1);
        LeasedUnit solo = lease("car-a", T0);
        assertThat(solo.inputs()).hasSize(2);
        assertThat(units.complete(solo.leaseId(), "car-a", List.of(answer(0, new int[] {1, 2, 3}, "length", 0),
                answer(1, new int[] {4, 5, 6}, "length", 0)), 0.01, T0.plusSeconds(10)))
                .isEqualTo(CompleteResponse.ACCEPTED);
        assertThat(queryLong("SELECT COUNT(*) FROM results WHERE job_id = 'job-g'")).as("held").isZero();
        assertThat(queryLong("SELECT COUNT(*) FROM units WHERE replica = -1 AND state = 'QUEUED'")).isEqualTo(1);

        assertThat(lease("car-b", T0.plusSeconds(11))).as("only a trusted car checks").isNull();
        LeasedUnit check = lease("checker", T0.plusSeconds(12));
        assertThat(check.unitId()).endsWith("-chk");
        GenerationTask first = JSON.readValue(check.inputs().getFirst().text(), GenerationTask.class);
        assertThat(first.score()).containsExactly(1, 2, 3);

        // The model chooses input 0's tokens, and another token at input 1's second position.
        assertThat(units.complete(check.leaseId(), "checker", List.of(answer(0, new int[] {1, 2, 3}, "stop", 0),
                answer(1, new int[] {4, 9, 6}, "stop", 0)), 0.01, T0.plusSeconds(13)))
                .isEqualTo(CompleteResponse.ACCEPTED);
        assertThat(queryLong("SELECT COUNT(*) FROM results WHERE job_id = 'job-g'")).isEqualTo(1);
        assertThat(queryLong("SELECT total_invalid FROM car_trust WHERE car_id = 'car-a'")).isEqualTo(1);
        assertThat(queryLong("SELECT COUNT(*) FROM replica_results WHERE verdict = 'INVALID'")).isEqualTo(1);

        // Input 1 is generated again, by another car (this time not drawn for a check).
        units.checkGenerationShare(0);
        LeasedUnit again = lease("car-b", T0.plusSeconds(14));
        assertThat(again.inputs()).extracting(i -> i.index()).containsExactly(1);
        units.complete(again.leaseId(), "car-b", List.of(answer(1, new int[] {4, 9, 6}, "length", 0)), 0.01,
                T0.plusSeconds(20));
        assertThat(jobs.status("job-g").orElseThrow().state()).isEqualTo("completed");
        StoredAnswer stored = StoredAnswer.fromJson(queryString("SELECT answer FROM results WHERE job_id = 'job-g'"
                + " AND input_index = 1"));
        assertThat(stored.cars()).extracting(StoredAnswer.CarPart::carId).containsExactly("car-b");
        assertThat(stored.cars().getFirst().milliWh()).as("the lease's bounded energy rides with the answer")
                .isEqualTo(10);
    }

    @Test
    void aReleasedReplicaLaneKeepsItsOwnTokensAndItsNextCarResumesFromThem() throws Exception {
        createJob(2);
        units.checkGenerationShare(0);
        LeasedUnit laneA = lease("car-a", T0);
        LeasedUnit laneB = lease("car-b", T0);
        assertThat(units.release(laneA.leaseId(), "car-a", List.of(answer(0, new int[] {1}, null, 0),
                answer(1, new int[] {4}, null, 0)), "owner_needs_car", 0.002, T0.plusSeconds(5))).isTrue();
        LeasedUnit resumed = lease("car-c", T0.plusSeconds(6));
        GenerationTask task = JSON.readValue(resumed.inputs().getFirst().text(), GenerationTask.class);
        assertThat(task.resumeTokens()).containsExactly(1);
        LeasedUnit otherLane = laneB;
        assertThat(JSON.readValue(otherLane.inputs().getFirst().text(), GenerationTask.class).resumeTokens())
                .as("the other lane starts from nothing").isEmpty();

        units.complete(otherLane.leaseId(), "car-b", List.of(answer(0, new int[] {1, 2, 3}, "length", 0),
                answer(1, new int[] {4, 5, 6}, "length", 0)), 0.01, T0.plusSeconds(8));
        units.complete(resumed.leaseId(), "car-c", List.of(answer(0, new int[] {2, 3}, "length", 1),
                answer(1, new int[] {5, 6}, "length", 1)), 0.01, T0.plusSeconds(9));
        assertThat(jobs.status("job-g").orElseThrow().state()).isEqualTo("completed");
        assertThat(queryLong("SELECT COUNT(*) FROM replica_results WHERE verdict = 'VALID'")).isEqualTo(4);
        StoredAnswer lane = StoredAnswer.fromJson(queryString("SELECT answer FROM replica_results WHERE car_id ="
                + " 'car-c' AND input_index = 0"));
        assertThat(lane.cars()).extracting(StoredAnswer.CarPart::carId).containsExactly("car-a", "car-c");
        assertThat(queryLong("SELECT total_valid FROM car_trust WHERE car_id = 'car-a'")).isEqualTo(1);
    }
}
