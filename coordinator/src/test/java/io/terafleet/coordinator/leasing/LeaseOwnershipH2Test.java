package io.terafleet.coordinator.leasing;

import static io.terafleet.coordinator.jobs.JobFixtures.MODEL;
import static io.terafleet.coordinator.jobs.JobFixtures.T0;
import static io.terafleet.coordinator.jobs.JobFixtures.inputs;
import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.db.DatabaseTest;
import io.terafleet.coordinator.jobs.JobRepository;
import io.terafleet.coordinator.jobs.JobSpec;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.scheduling.CarProfile;
import io.terafleet.core.scheduling.HardwareClass;
import io.terafleet.core.scheduling.PriorityClass;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A lease ends with its job, and only its own car can release it. */
class LeaseOwnershipH2Test extends DatabaseTest {
    private JobRepository jobs;
    private UnitRepository units;

    @Override
    protected io.terafleet.coordinator.db.TestDatabase openDatabase(java.nio.file.Path dir) {
        return io.terafleet.coordinator.db.TestDatabase.h2(dir);
    }

    @BeforeEach
    void createRepositories() {
        jobs = new JobRepository(database);
        units = TestUnits.withVerification(database);
        jobs.createJob(new JobSpec("job-o", MODEL, "acme", PriorityClass.BATCH, null, 2), inputs(4), T0);
    }

    private LeasedUnit lease(String car) {
        return units.lease(new CarProfile(car, HardwareClass.HW3, Set.of(), Set.of(MODEL), null, null, false), 1, T0,
                Duration.ofSeconds(60)).getFirst();
    }

    @Test
    void anotherCarCannotReleaseALease() {
        LeasedUnit mine = lease("car-a");
        assertThat(units.release(mine.leaseId(), "car-b", List.of(), "spite", T0.plusSeconds(1))).isFalse();
        assertThat(queryLong("SELECT COUNT(*) FROM leases WHERE ended_at IS NULL")).isEqualTo(1);
        assertThat(units.release(mine.leaseId(), "car-a", List.of(), "driving", T0.plusSeconds(1))).isTrue();
    }

    @Test
    void cancellingAJobEndsItsLeases() {
        lease("car-a");
        lease("car-b");
        assertThat(queryLong("SELECT COUNT(*) FROM leases WHERE ended_at IS NULL")).isEqualTo(2);
        assertThat(jobs.cancel("job-o", T0.plusSeconds(2))).isTrue();
        assertThat(queryLong("SELECT COUNT(*) FROM leases WHERE ended_at IS NULL")).isZero();
    }
}
