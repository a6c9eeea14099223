package io.terafleet.sim.harness;

import io.terafleet.coordinator.db.Database;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.jobs.JobRepository;
import io.terafleet.coordinator.leasing.UnitRepository;
import io.terafleet.coordinator.leasing.Verification;
import io.terafleet.coordinator.ledger.LedgerRepository;
import io.terafleet.coordinator.metrics.CoordinatorMetrics;
import io.terafleet.coordinator.service.LeaseService;
import io.terafleet.coordinator.service.WorkSignal;
import io.terafleet.core.scheduling.ModelRequirements;
import io.terafleet.core.scheduling.RetryPolicy;
import io.terafleet.core.scheduling.Scheduler;
import io.terafleet.core.scheduling.SchedulingPolicy;
import java.time.Clock;
import java.time.Duration;

/**
 * The coordinator's real services (job store, leasing with the scheduler, retry policy) on an in-memory H2
 * database that outlives them, so that the simulation can "restart" the coordinator: close every service and
 * the pool, and open new ones on the same store, losing all in-memory state as a real restart would.
 */
final class SimCoordinator implements AutoCloseable {
    static final Duration LEASE_TTL = Duration.ofSeconds(30);

    private final Duration leaseTtl;

    private final DatabaseConfig store;
    private final Clock clock;
    private final SchedulingPolicy scheduling;
    private final RetryPolicy retry;
    private final SeededIds leaseIds;
    private final Database keepAlive;
    private Database database;
    private JobRepository jobs;
    private UnitRepository units;
    private LeaseService leases;
    private int restarts;

    private final Verification verification;

    SimCoordinator(long seed, Clock clock, SchedulingPolicy scheduling, RetryPolicy retry) {
        this(seed, clock, scheduling, retry, LEASE_TTL);
    }

    SimCoordinator(long seed, Clock clock, SchedulingPolicy scheduling, RetryPolicy retry, Duration leaseTtl) {
        this(seed, clock, scheduling, retry, leaseTtl, Verification.defaults(new java.util.Random(seed ^ 0x5EED),
                new SeededIds("job", seed)));
    }

    SimCoordinator(long seed, Clock clock, SchedulingPolicy scheduling, RetryPolicy retry, Duration leaseTtl,
                   Verification verification) {
        this.verification = verification;
        this.leaseTtl = leaseTtl;
        // A unique name per run: runs on several threads must not share a store.
        this.store = new DatabaseConfig("jdbc:h2:mem:sim-" + seed + "-" + System.identityHashCode(this)
                + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", "sa", "", 2);
        this.clock = clock;
        this.scheduling = scheduling;
        this.retry = retry;
        this.leaseIds = new SeededIds("lease", seed);
        this.keepAlive = Database.open(store);
        open();
    }

    private void open() {
        database = restarts == 0 ? keepAlive : Database.open(store);
        jobs = new JobRepository(database);
        units = new UnitRepository(database, new Scheduler(scheduling), retry, model -> ModelRequirements.NONE,
                tenant -> 1.0, leaseIds, verification);
        leases = new LeaseService(units, new WorkSignal(), clock, leaseTtl, Duration.ZERO,
                CoordinatorMetrics.inMemory());
    }

    /** Drops every service and connection and opens new ones on the same store. */
    void restart() {
        leases.close();
        if (database != keepAlive) {
            database.close();
        }
        restarts++;
        open();
    }

    /** How long a lease lives without a heartbeat; cars heartbeat at a third of it. */
    Duration leaseTtl() {
        return leaseTtl;
    }

    int restarts() {
        return restarts;
    }

    UnitRepository units() {
        return units;
    }

    LedgerRepository ledger() {
        return new LedgerRepository(database);
    }

    JobRepository jobs() {
        return jobs;
    }

    LeaseService leases() {
        return leases;
    }

    Database database() {
        return database;
    }

    @Override
    public void close() {
        leases.close();
        if (database != keepAlive) {
            database.close();
        }
        keepAlive.inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute("DROP ALL OBJECTS");
            }
            return null;
        });
        keepAlive.close();
    }
}
