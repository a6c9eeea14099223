package io.terafleet.coordinator.leasing;

import static io.terafleet.coordinator.jobs.JobFixtures.MODEL;
import static io.terafleet.coordinator.jobs.JobFixtures.T0;
import static io.terafleet.coordinator.jobs.JobFixtures.inputs;
import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.db.DatabaseTest;
import io.terafleet.coordinator.jobs.JobRepository;
import io.terafleet.coordinator.jobs.JobSpec;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.scheduling.PriorityClass;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Results are checked against the registered model's signature before they are stored or judged: the wrong shape,
 * a value that is not finite, or a vector that is not unit length is refused, stores nothing, ends the lease and
 * counts against the car.
 */
abstract class ResultChecksContract extends DatabaseTest {
    static final Duration TTL = Duration.ofSeconds(60);

    private JobRepository jobs;
    private UnitRepository units;

    @BeforeEach
    void createRepositories() {
        jobs = new JobRepository(database);
        units = TestUnits.withVerification(database);
        TestUnits.registerTwoDimensionalModel(database, MODEL);
        jobs.createJob(new JobSpec("job-s", MODEL, "acme", PriorityClass.BATCH, null, 2), inputs(2), T0);
    }

    private LeasedUnit lease(String car, Instant at) {
        return units.lease(TestUnits.carRunning(car, MODEL), 1, at, TTL).getFirst();
    }

    private String complete(String car, float[] vector, Instant at) {
        LeasedUnit unit = lease(car, at);
        List<InputResult> results = unit.inputs().stream().map(in -> new InputResult(in.index(), vector)).toList();
        return units.complete(unit.leaseId(), car, results, 0.0001, at.plusSeconds(1));
    }

    @Test
    void brokenResultsAreRefusedAndCountAgainstTheCar() {
        Instant at = T0;
        for (float[] broken : List.of(new float[] {1f}, new float[] {0f, 0f}, new float[] {Float.NaN, 1f},
                new float[] {3f, 4f}, new float[] {0.6f, Float.POSITIVE_INFINITY})) {
            at = at.plusSeconds(10);
            assertThat(complete("car-bad", broken, at)).isEqualTo(CompleteResponse.REJECTED);
        }
        assertThat(queryLong("SELECT COUNT(*) FROM results")).as("nothing stored").isZero();
        assertThat(queryLong("SELECT strikes FROM car_trust WHERE car_id = 'car-bad'")).isEqualTo(5);
        assertThat(complete("car-good", new float[] {0.6f, 0.8f}, at.plusSeconds(10)))
                .isEqualTo(CompleteResponse.ACCEPTED);
        assertThat(jobs.status("job-s").orElseThrow().completed()).isEqualTo(2);
    }

    @Test
    void aRetriedRefusalFindsTheLeaseGone() {
        LeasedUnit unit = lease("car-bad", T0);
        List<InputResult> flat = unit.inputs().stream().map(in -> new InputResult(in.index(), new float[] {1f}))
                .toList();
        assertThat(units.complete(unit.leaseId(), "car-bad", flat, null, T0.plusSeconds(1)))
                .isEqualTo(CompleteResponse.REJECTED);
        assertThat(units.complete(unit.leaseId(), "car-bad", flat, null, T0.plusSeconds(2)))
                .isEqualTo(CompleteResponse.LEASE_LOST);
        assertThat(queryLong("SELECT strikes FROM car_trust WHERE car_id = 'car-bad'")).isEqualTo(1);
    }
}
