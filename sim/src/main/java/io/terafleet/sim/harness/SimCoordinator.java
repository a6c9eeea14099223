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
    /** How many coordinator processes share the store (1: the classic single coordinator). */
    private int coordinators = 1;
    /** Coordinators 1.. (coordinator 0 is {@link #leases}), each with its own pool, caches and leases in memory. */
    private final java.util.List<Node> others = new java.util.ArrayList<>();

    /** One more coordinator on the same store: its own pool, unit repository and lease service. */
    private record Node(Database database, LeaseService leases) {
    }

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
        for (int i = others.size() + 1; i < coordinators; i++) {
            others.add(openNode());
        }
    }

    /**
     * Runs {@code count} coordinators on the store: each car talks to one of them ({@link #leases(String)}), each
     * keeps its own list of active jobs (read at most once per simulated second) and its own heartbeats in memory.
     */
    SimCoordinator withCoordinators(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("coordinators: must be at least 1, was " + count);
        }
        this.coordinators = count;
        while (others.size() < count - 1) {
            others.add(openNode());
        }
        return this;
    }

    private Node openNode() {
        Database nodeDatabase = Database.open(store);
        var nodeUnits = new UnitRepository(nodeDatabase, new Scheduler(scheduling), retry,
                model -> ModelRequirements.NONE, tenant -> 1.0, leaseIds, verification, Duration.ofSeconds(1));
        return new Node(nodeDatabase, new LeaseService(nodeUnits, new WorkSignal(), clock, leaseTtl, Duration.ZERO,
                CoordinatorMetrics.inMemory()));
    }

    /** The coordinator this car talks to (always the same one for a car). */
    LeaseService leases(String carId) {
        int node = Math.floorMod(carId.hashCode(), coordinators);
        return node == 0 ? leases : others.get(node - 1).leases();
    }

    /** Every coordinator's reaper: heartbeats written, expired leases taken back. */
    int expireLeasesEverywhere() {
        int expired = leases.expireLeases();
        for (Node node : others) {
            expired += node.leases().expireLeases();
        }
        return expired;
    }

    /** With several coordinators, a crash kills one of them (in turn), losing its memory; else the one. */
    void restartOne() {
        if (others.isEmpty() || restarts % coordinators == 0) {
            restart();
            return;
        }
        int index = restarts % coordinators - 1;
        Node old = others.get(index);
        old.leases().close();
        old.database().close();
        others.set(index, openNode());
        restarts++;
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
        for (Node node : others) {
            node.leases().close();
            node.database().close();
        }
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
