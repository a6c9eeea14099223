package io.terafleet.coordinator.leasing;

import static io.terafleet.coordinator.jobs.JobFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.coordinator.db.DatabaseTest;
import io.terafleet.coordinator.jobs.JobRepository;
import io.terafleet.coordinator.jobs.JobSpec;
import io.terafleet.coordinator.jobs.NewInput;
import io.terafleet.coordinator.ledger.LedgerConfig;
import io.terafleet.coordinator.ledger.LedgerRepository;
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
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A generation job of two inputs, cars that answer it, and two trusted checkers of their own owners. */
abstract class HeldAnswersFixture extends DatabaseTest {
    static final String MODEL = "kjv-gpt";
    static final Duration TTL = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();
    static final int[] FIRST = {1, 2, 3};
    static final int[] SECOND = {4, 5, 6};

    JobRepository jobs;
    UnitRepository units;

    @BeforeEach
    void createRepositories() throws Exception {
        jobs = new JobRepository(database);
        AtomicInteger ids = new AtomicInteger();
        var verification = new Verification(OutputKind.Embedding.defaults(), adaptive(), 0, 4,
                LedgerConfig.defaults(), 300_000, new Random(1), () -> "job-c" + ids.incrementAndGet());
        units = new UnitRepository(database, new Scheduler(SchedulingPolicy.DEFAULT), UnitRepository.IMMEDIATE_RETRY,
                model -> ModelRequirements.NONE, tenant -> 1.0, () -> "lease-" + ids.incrementAndGet(), verification);
        units.checkGenerationShare(1.0);
        trust("checker-1");
        trust("checker-2");
    }

    /** The fleet's adaptive replication rules. */
    AdaptiveReplication adaptive() {
        return AdaptiveReplication.defaults();
    }

    void trust(String car) {
        database.inTransaction(c -> {
            TrustRows.write(c, new TrustRows.Stored(new CarTrust(car, TrustState.TRUSTED, 20, 0, 20, 0), 1), T0);
            return null;
        });
    }

    void createJob(int replication, boolean adaptive) throws Exception {
        var task = new GenerationTask(null, "In the beginning", 3, 0, 1, 7, List.of(), null, null);
        String text = JSON.writeValueAsString(task);
        jobs.createJob(new JobSpec("job-g", MODEL, "acme", PriorityClass.BATCH, null, 2)
                .withReplication(replication, Math.max(replication, 3), adaptive).withTokensPerInput(3),
                List.of(new NewInput("a", text), new NewInput("b", text)), T0);
    }

    LeasedUnit lease(String car, Instant at) {
        List<LeasedUnit> leased = units.lease(new CarProfile(car, HardwareClass.HW3, Set.of(), Set.of(MODEL), null,
                null, false), 1, at, TTL);
        return leased.isEmpty() ? null : leased.getFirst();
    }

    static InputResult answer(int index, int[] tokens, String finish, int resumed) {
        float[] logprobs = new float[tokens.length];
        Arrays.fill(logprobs, -0.5f);
        return InputResult.generated(index, new GeneratedAnswer(tokens, logprobs, "t", finish, resumed, 4));
    }

    /** car-a answers both inputs; its unit is held for a check. */
    void answeredAndHeld() throws Exception {
        createJob(1, false);
        LeasedUnit solo = lease("car-a", T0);
        assertThat(units.complete(solo.leaseId(), "car-a", List.of(answer(0, FIRST, "length", 0),
                answer(1, SECOND, "length", 0)), 0.01, T0.plusSeconds(10))).isEqualTo(CompleteResponse.ACCEPTED);
    }

    /** checker-1 takes the check and finds input 1's second token wrong. */
    void firstCheckerRefutesInputOne() throws Exception {
        LeasedUnit check = lease("checker-1", T0.plusSeconds(12));
        assertThat(check.unitId()).endsWith("-chk");
        assertThat(units.complete(check.leaseId(), "checker-1", List.of(answer(0, FIRST, "stop", 0),
                answer(1, new int[] {4, 9, 6}, "stop", 0)), 0.01, T0.plusSeconds(13)))
                .isEqualTo(CompleteResponse.ACCEPTED);
    }
}
