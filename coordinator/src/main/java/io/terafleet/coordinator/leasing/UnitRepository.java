package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.db.Database;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.unit.UnitState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Work units as cars see them: lease, heartbeat, complete, release; and the sweep that takes
 * back units whose leases ran out.
 *
 * <p>Leases are soft state. Safe with several coordinators on one PostgreSQL database: units are
 * claimed with {@code SELECT ... FOR UPDATE SKIP LOCKED} and every state change is a guarded
 * UPDATE along {@link UnitState#TRANSITIONS}, so no unit is ever leased twice at once, and a unit
 * completed twice is stored once. Times are passed in, never read from a clock here.
 */
public final class UnitRepository {
    public static final int MAX_UNITS_PER_LEASE = 1_000;

    private final Database database;

    public UnitRepository(Database database) {
        this.database = database;
    }

    /**
     * Leases up to {@code maxUnits} QUEUED units, oldest job first and then in unit order, of jobs
     * that are QUEUED or RUNNING and whose model is in {@code models} (empty: any model). Each gets
     * a fresh lease id, expires at {@code now + ttl}, counts one more attempt, and moves its job to
     * RUNNING if it was QUEUED. Each leased unit lists only its inputs that have no result yet (a
     * released unit keeps the partial results it handed back).
     *
     * @return the leased units; empty when there is no work (a value, not an error)
     */
    public List<LeasedUnit> lease(String carId, int maxUnits, Set<String> models, Instant now, Duration ttl) {
        requireCarId(carId);
        if (maxUnits < 1 || maxUnits > MAX_UNITS_PER_LEASE) {
            throw new IllegalArgumentException("maxUnits: must be within 1.." + MAX_UNITS_PER_LEASE + ", was "
                    + maxUnits);
        }
        Set<String> wanted = Set.copyOf(requireModels(models));
        Instant expiresAt = now.plus(requirePositive(ttl));
        return database.inTransaction(c -> LeaseGrants.lease(c, carId, maxUnits, wanted, now, expiresAt));
    }

    /** Whether {@link #lease} would find work for {@code models} now (empty: any model); cheap. */
    public boolean hasQueuedWork(Set<String> models) {
        Set<String> wanted = Set.copyOf(requireModels(models));
        return database.inTransaction(c -> LeaseGrants.hasQueuedWork(c, wanted));
    }

    /**
     * Extends a live lease held by {@code carId} to {@code now + ttl}.
     *
     * @return the new expiry, or empty if the lease is lost (expired, requeued, cancelled, unknown,
     *         finished, or held by another car)
     */
    public Optional<Instant> heartbeat(String leaseId, String carId, Instant now, Duration ttl) {
        Instant expiresAt = now.plus(requirePositive(ttl));
        boolean live = database.inTransaction(c -> UnitRows.extendLease(c, leaseId, carId, expiresAt, now));
        return live ? Optional.of(expiresAt) : Optional.empty();
    }

    /**
     * Stores a unit's embeddings and completes it; its job completes when this was its last open
     * unit. Idempotent: an input's first stored result wins, and a unit already COMPLETED stores
     * nothing more.
     *
     * @return {@link io.terafleet.core.api.CompleteResponse#ACCEPTED}, {@code DUPLICATE} (the unit was
     *         already completed) or {@code LEASE_LOST} (unknown lease, another car's lease, the unit is
     *         held by another lease, failed, or cancelled). A late completion whose lease expired is
     *         accepted while no other car holds the unit.
     * @throws IllegalArgumentException if a result is not for an input of the unit, an index repeats,
     *                                  an embedding is empty or not finite, or some input of the unit
     *                                  still without a result is not covered
     */
    public String complete(String leaseId, String carId, List<InputResult> results, Instant now) {
        return complete(leaseId, carId, results, null, now);
    }

    /** As {@link #complete(String, String, List, Instant)}, keeping the energy the car reported on the lease. */
    public String complete(String leaseId, String carId, List<InputResult> results, Double energyWh, Instant now) {
        return database.inTransaction(c -> LeaseEndings.complete(c, leaseId, carId, results, energyWh, now));
    }

    /**
     * Hands a live lease back at once: {@code partial} results are stored and the unit is QUEUED
     * again (or COMPLETED, if they cover all of it). The attempt is given back, since a release is
     * not a failure.
     *
     * @return false if the lease is not live or not this car's (nothing is stored)
     * @throws IllegalArgumentException if a partial result is malformed or not for this unit
     */
    public boolean release(String leaseId, String carId, List<InputResult> partial, String reason, Instant now) {
        return release(leaseId, carId, partial, reason, null, now);
    }

    /** As {@link #release(String, String, List, String, Instant)}, keeping the energy reported on the lease. */
    public boolean release(String leaseId, String carId, List<InputResult> partial, String reason, Double energyWh,
                           Instant now) {
        String why = reason == null || reason.isBlank() ? "no reason given" : reason;
        return database.inTransaction(c -> LeaseEndings.release(c, leaseId, carId, partial, why, energyWh, now));
    }

    /**
     * Takes back every unit whose lease expired before {@code now}: it is QUEUED again, or FAILED if
     * it has used {@code maxAttempts} leases, in which case each of its inputs without a result gets
     * the error "unit failed after N attempts: lease expired" and its job completes once no unit is
     * open. Each unit is handled in its own transaction.
     *
     * @return how many units were taken back (requeued or failed)
     */
    public int expireLeases(Instant now, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: must be at least 1, was " + maxAttempts);
        }
        int taken = 0;
        while (true) {
            List<String> expired = database.inTransaction(c -> LeaseExpiry.expiredUnitIds(c, now));
            int takenThisRound = 0;
            for (String unitId : expired) {
                if (database.inTransaction(c -> LeaseExpiry.expire(c, unitId, now, maxAttempts))) {
                    takenThisRound++;
                }
            }
            taken += takenThisRound;
            // A short round means the backlog is done; a round that took nothing met only locked units.
            if (expired.size() < LeaseExpiry.ROUND_SIZE || takenThisRound == 0) {
                return taken;
            }
        }
    }

    private static void requireCarId(String carId) {
        if (carId == null || carId.isBlank()) {
            throw new IllegalArgumentException("carId: must be set");
        }
    }

    private static Set<String> requireModels(Set<String> models) {
        if (models == null) {
            throw new IllegalArgumentException("models: must be set (empty means any model)");
        }
        return models;
    }

    private static Duration requirePositive(Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl: must be positive, was " + ttl);
        }
        return ttl;
    }
}
