package io.terafleet.coordinator.leasing;

import static io.terafleet.coordinator.jobs.JobFixtures.MODEL;
import static io.terafleet.coordinator.jobs.JobFixtures.T0;
import static io.terafleet.coordinator.jobs.JobFixtures.inputs;
import static io.terafleet.coordinator.jobs.JobFixtures.resultsFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.db.Database;
import io.terafleet.coordinator.db.DatabaseTest;
import io.terafleet.coordinator.jobs.JobRepository;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.LeasedUnit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several cars, each served by its own coordinator (its own pool on the shared database), race
 * for the same queue. Exact counts: every unit is leased exactly once, none is lost.
 */
abstract class ConcurrentLeasingContract extends DatabaseTest {
    private static final int CARS = 4;
    private static final Duration TTL = Duration.ofMinutes(5);
    /** 300 units of one input plus 100 units of two inputs. */
    private static final int UNITS = 400;

    private final List<Database> coordinators = new ArrayList<>();

    @BeforeEach
    void createJobsAndCoordinators() {
        var jobs = new JobRepository(database);
        jobs.createJob("job-a", MODEL, inputs(300), 1, T0);
        jobs.createJob("job-b", MODEL, inputs(200), 2, T0.plusMillis(1));
        for (int i = 0; i < CARS; i++) {
            coordinators.add(testDatabase.openAnother());
        }
    }

    @AfterEach
    void closeCoordinators() {
        coordinators.forEach(Database::close);
    }

    @Test
    void concurrentLeasersSplitTheQueueWithoutOverlap() throws Exception {
        List<List<String>> perCar = race(car -> leaseUntilEmpty(car, false));

        List<String> all = perCar.stream().flatMap(List::stream).toList();
        assertThat(all).hasSize(UNITS).doesNotHaveDuplicates();
        assertThat(queryLong("SELECT COUNT(*) FROM units WHERE state = 'LEASED'")).isEqualTo(UNITS);
        assertThat(queryLong("SELECT COUNT(*) FROM leases")).isEqualTo(UNITS);
        for (int car = 0; car < CARS; car++) {
            assertThat(queryLong("SELECT COUNT(*) FROM units WHERE car_id = ?", "car-" + car))
                    .isEqualTo(perCar.get(car).size());
        }
    }

    @Test
    void concurrentCarsCompleteEveryUnitOnceAndEveryJobCompletes() throws Exception {
        List<List<String>> perCar = race(car -> leaseUntilEmpty(car, true));

        assertThat(perCar.stream().flatMap(List::stream).toList()).hasSize(UNITS).doesNotHaveDuplicates();
        var jobs = new JobRepository(database);
        assertThat(jobs.status("job-a").orElseThrow()).satisfies(status -> {
            assertThat(status.state()).isEqualTo("completed");
            assertThat(status.completed()).isEqualTo(300);
        });
        assertThat(jobs.status("job-b").orElseThrow()).satisfies(status -> {
            assertThat(status.state()).isEqualTo("completed");
            assertThat(status.completed()).isEqualTo(200);
        });
        assertThat(queryLong("SELECT COUNT(*) FROM results")).isEqualTo(500);
        assertThat(queryLong("SELECT COUNT(*) FROM leases")).isEqualTo(UNITS);
    }

    /** Runs one car per coordinator at once; returns the unit ids each car leased. */
    private List<List<String>> race(Function<CarAtWork, List<String>> work) throws Exception {
        var start = new CountDownLatch(1);
        List<Future<List<String>>> cars = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(CARS)) {
            for (int car = 0; car < CARS; car++) {
                var atWork = new CarAtWork("car-" + car, new UnitRepository(coordinators.get(car)), car);
                cars.add(threads.submit((Callable<List<String>>) () -> {
                    start.await();
                    return work.apply(atWork);
                }));
            }
            start.countDown();
            List<List<String>> leased = new ArrayList<>();
            for (Future<List<String>> car : cars) {
                leased.add(car.get(120, TimeUnit.SECONDS));
            }
            return leased;
        }
    }

    /** Leases (1 to 4 units at a time) until the queue is empty, completing what it got if asked to. */
    private static List<String> leaseUntilEmpty(CarAtWork car, boolean complete) {
        List<String> mine = new ArrayList<>();
        int round = 0;
        while (true) {
            int maxUnits = 1 + (car.seed() + round++) % 4;
            List<LeasedUnit> leased = car.units().lease(car.id(), maxUnits, Set.of(), T0.plusSeconds(1), TTL);
            if (leased.isEmpty() && !car.units().hasQueuedWork(Set.of())) {
                return mine;
            }
            for (LeasedUnit unit : leased) {
                mine.add(unit.unitId());
                if (complete) {
                    Instant done = T0.plusSeconds(2);
                    String outcome = car.units().complete(unit.leaseId(), car.id(), resultsFor(unit), done);
                    assertThat(outcome).isEqualTo(CompleteResponse.ACCEPTED);
                }
            }
        }
    }

    private record CarAtWork(String id, UnitRepository units, int seed) {
    }
}
