package io.terafleet.coordinator.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.db.TestDatabase;
import io.terafleet.coordinator.jobs.JobRepository;
import io.terafleet.coordinator.jobs.NewInput;
import io.terafleet.coordinator.leasing.UnitRepository;
import io.terafleet.coordinator.metrics.CoordinatorMetrics;
import io.terafleet.core.api.HeartbeatRequest;
import io.terafleet.core.api.HeartbeatResponse;
import io.terafleet.core.api.LeaseRequest;
import io.terafleet.core.api.LeasedUnit;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heartbeats land in the coordinator's memory and reach the store in one batch per reaper round; a lease this
 * coordinator does not know (another coordinator granted it) is extended in the store and remembered.
 */
class HeartbeatsInMemoryTest {
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;
    private TestDatabase store;
    private Instant now = START;
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @BeforeEach
    void open() {
        store = TestDatabase.h2(dir);
        new JobRepository(store.database()).createJob("job-1", "m", List.of(new NewInput("a", "text a")), 1, START);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private LeaseService coordinator() {
        return new LeaseService(new UnitRepository(store.database()), new WorkSignal(), clock, TTL, Duration.ZERO,
                CoordinatorMetrics.inMemory());
    }

    @Test
    void heartbeatsAreWrittenByTheReaperNotOneByOne() throws Exception {
        LeaseService here = coordinator();
        LeasedUnit unit = here.lease("car-1", new LeaseRequest(1, 0, List.of())).units().getFirst();
        long granted = storedExpiry(unit.leaseId());

        now = START.plusSeconds(10);
        HeartbeatResponse beat = here.heartbeat("car-1", new HeartbeatRequest(unit.leaseId(), 0));
        assertThat(beat.live()).isTrue();
        assertThat(beat.expiresAt()).isEqualTo(now.plus(TTL));
        assertThat(storedExpiry(unit.leaseId())).as("no store write per heartbeat").isEqualTo(granted);

        here.expireLeases();
        assertThat(storedExpiry(unit.leaseId())).isEqualTo(now.plus(TTL).toEpochMilli());

        // Past the first expiry, the lease lives on: the reaper wrote the extension before it looked for expiries.
        now = START.plusSeconds(35);
        assertThat(here.expireLeases()).isZero();
        assertThat(here.heartbeat("car-1", new HeartbeatRequest(unit.leaseId(), 0)).live()).isTrue();
        assertThat(here.heartbeat("car-2", new HeartbeatRequest(unit.leaseId(), 0)).live())
                .as("another car's heartbeat").isFalse();
    }

    @Test
    void aLeaseGrantedElsewhereIsExtendedInTheStoreThenRemembered() throws Exception {
        LeasedUnit unit = coordinator().lease("car-1", new LeaseRequest(1, 0, List.of())).units().getFirst();
        LeaseService other = coordinator();

        now = START.plusSeconds(10);
        assertThat(other.heartbeat("car-1", new HeartbeatRequest(unit.leaseId(), 0)).live()).isTrue();
        assertThat(storedExpiry(unit.leaseId())).isEqualTo(now.plus(TTL).toEpochMilli());

        now = START.plusSeconds(20);
        assertThat(other.heartbeat("car-1", new HeartbeatRequest(unit.leaseId(), 0)).live()).isTrue();
        assertThat(storedExpiry(unit.leaseId())).as("remembered: in memory now")
                .isEqualTo(START.plusSeconds(10).plus(TTL).toEpochMilli());
        assertThat(other.heartbeat("car-1", new HeartbeatRequest("no-such-lease", 0)).live()).isFalse();
    }

    private long storedExpiry(String leaseId) {
        return store.database().inTransaction(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT expires_at FROM units WHERE lease_id = ?")) {
                query.setString(1, leaseId);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }
}
