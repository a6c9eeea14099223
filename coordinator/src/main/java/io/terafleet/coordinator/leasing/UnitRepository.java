package io.terafleet.coordinator.leasing;

import io.terafleet.coordinator.db.Database;
import io.terafleet.coordinator.jobs.JobSpec;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.scheduling.CarProfile;
import io.terafleet.core.scheduling.ModelRequirements;
import io.terafleet.core.scheduling.PriorityClass;
import io.terafleet.core.scheduling.QueuedWork;
import io.terafleet.core.scheduling.RetryPolicy;
import io.terafleet.core.scheduling.Scheduler;
import io.terafleet.core.scheduling.SchedulingPolicy;
import io.terafleet.core.unit.UnitState;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
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
    /** No backoff: what store-level tests and tools use unless they pass a policy. */
    public static final RetryPolicy IMMEDIATE_RETRY = new RetryPolicy(RetryPolicy.DEFAULT.maxAttempts(),
            RetryPolicy.DEFAULT.maxReleases(), Duration.ZERO, Duration.ZERO);

    private final Database database;
    private final Scheduler scheduler;
    private final RetryPolicy retry;
    private final Function<String, ModelRequirements> requirements;
    private final ToDoubleFunction<String> tenantWeight;
    private final Supplier<String> leaseIds;
    private final Checking checking;
    private final ActiveJobs activeJobs;
    private final java.util.concurrent.locks.ReentrantLock refreshing = new java.util.concurrent.locks.ReentrantLock();
    private final boolean claimDirectly;

    /** Default scheduling (departure-aware sizing), no retry backoff, random lease ids. */
    public UnitRepository(Database database) {
        this(database, new Scheduler(SchedulingPolicy.DEFAULT), IMMEDIATE_RETRY, model -> ModelRequirements.NONE,
                tenant -> 1.0, () -> UUID.randomUUID().toString());
    }

    /**
     * @param requirements what each model needs of a car's computer
     * @param tenantWeight each tenant's fair-share weight (> 0)
     * @param leaseIds     where lease ids come from (random in production; a seeded sequence in simulation)
     */
    public UnitRepository(Database database, Scheduler scheduler, RetryPolicy retry,
                          Function<String, ModelRequirements> requirements, ToDoubleFunction<String> tenantWeight,
                          Supplier<String> leaseIds) {
        this(database, scheduler, retry, requirements, tenantWeight, leaseIds, null);
    }

    /**
     * @param verification how replicated jobs are checked and work is paid; null: results are stored as they come
     *                     and nothing is posted to the ledger
     */
    public UnitRepository(Database database, Scheduler scheduler, RetryPolicy retry,
                          Function<String, ModelRequirements> requirements, ToDoubleFunction<String> tenantWeight,
                          Supplier<String> leaseIds, Verification verification) {
        this(database, scheduler, retry, requirements, tenantWeight, leaseIds, verification, Duration.ZERO);
    }

    /**
     * @param activeJobsMaxAge how long the list of active jobs a lease ranks may be reused before it is read again
     *                         (zero: read for every lease, exact; a coordinator uses a fraction of a second, so a
     *                         lease's cost does not grow with the number of queued jobs)
     */
    public UnitRepository(Database database, Scheduler scheduler, RetryPolicy retry,
                          Function<String, ModelRequirements> requirements, ToDoubleFunction<String> tenantWeight,
                          Supplier<String> leaseIds, Verification verification, Duration activeJobsMaxAge) {
        this.activeJobs = new ActiveJobs(activeJobsMaxAge, requirements, tenantWeight);
        this.claimDirectly = database.config().isPostgres();
        this.checking = verification == null ? null : new Checking(verification);
        this.database = database;
        this.scheduler = scheduler;
        this.retry = retry;
        this.requirements = requirements;
        this.tenantWeight = tenantWeight;
        this.leaseIds = leaseIds;
    }

    public RetryPolicy retryPolicy() {
        return retry;
    }

    /**
     * Leases up to {@code maxUnits} QUEUED units that may run {@code models} (empty: any model), with nothing
     * known about the car beyond that; see {@link #lease(CarProfile, int, Instant, Duration)}.
     */
    public List<LeasedUnit> lease(String carId, int maxUnits, Set<String> models, Instant now, Duration ttl) {
        requireCarId(carId);
        return lease(new CarProfile(carId, null, requireModels(models), Set.of(), null, null, false), maxUnits,
                now, ttl);
    }

    /**
     * Leases up to {@code maxUnits} units to a car, from in-progress jobs, in the order the scheduler chooses
     * for this car (priority, urgency, model affinity, fair share), each cut to fit the car's throughput and
     * departure. Each gets a fresh lease id, expires at {@code now + ttl} and counts one more attempt. Each
     * leased unit lists only its inputs that have no result yet (a released unit keeps the partial results it
     * handed back). Units waiting out a retry backoff are not leased.
     *
     * @return the leased units; empty when there is no work for this car (a value, not an error)
     */
    public List<LeasedUnit> lease(CarProfile car, int maxUnits, Instant now, Duration ttl) {
        return leaseWithDecision(car, maxUnits, now, ttl).units();
    }

    /** The units leased, and the scheduler's decision behind them (for metrics and explanations). */
    public record Grant(List<LeasedUnit> units, Scheduler.Decision decision, List<Integer> attemptNumbers) {
        /** Nothing leased, nothing decided. */
        public static final Grant NONE = new Grant(List.of(), new Scheduler.Decision(List.of(), Map.of()), List.of());
    }

    /** As {@link #lease(CarProfile, int, Instant, Duration)}, with the decision. */
    public Grant leaseWithDecision(CarProfile car, int maxUnits, Instant now, Duration ttl) {
        requireCarId(car.carId());
        if (maxUnits < 1 || maxUnits > MAX_UNITS_PER_LEASE) {
            throw new IllegalArgumentException("maxUnits: must be within 1.." + MAX_UNITS_PER_LEASE + ", was "
                    + maxUnits);
        }
        Instant expiresAt = now.plus(requirePositive(ttl));
        ActiveJobs.Snapshot snapshot = snapshot(now);
        if (snapshot.work().isEmpty()) {
            return Grant.NONE;
        }
        Scheduler.Decision decision = scheduler.decide(car, snapshot.work(), snapshot.liveInputsByTenant(),
                JobSpec.MAX_UNIT_SIZE, now);
        if (!decision.hasWork()) {
            return new Grant(List.of(), decision, List.of());
        }
        List<Integer> attempts = new java.util.ArrayList<>();
        List<LeasedUnit> leased = database.inTransaction(c -> {
            attempts.clear();
            return LeaseGrants.lease(c, car.carId(), maxUnits, decision, now, expiresAt, leaseIds, attempts,
                    checking, claimDirectly, activeJobs::drained);
        });
        countLeased(snapshot, leased);
        return new Grant(leased, decision, List.copyOf(attempts));
    }

    /**
     * The active jobs as of now: the kept snapshot while it is young enough, else a new read. One thread reads at
     * a time: while it does, others use the previous snapshot (when there is one and staleness is allowed), so
     * that thousands of waiting cars waking at once cost one read, not one each.
     */
    private ActiveJobs.Snapshot snapshot(Instant now) {
        ActiveJobs.Snapshot fresh = activeJobs.fresh(now);
        if (fresh != null) {
            return fresh;
        }
        if (!refreshing.tryLock()) {
            ActiveJobs.Snapshot previous = activeJobs.previous();
            if (previous != null) {
                return previous;
            }
            refreshing.lock();
        }
        try {
            fresh = activeJobs.fresh(now);
            return fresh != null ? fresh : database.inTransaction(c -> activeJobs.refresh(c, now));
        } finally {
            refreshing.unlock();
        }
    }

    private void countLeased(ActiveJobs.Snapshot snapshot, List<LeasedUnit> leased) {
        for (LeasedUnit unit : leased) {
            snapshot.work().stream().filter(w -> w.jobId().equals(unit.jobId())).findFirst()
                    .ifPresent(w -> activeJobs.leased(w.tenant(), unit.inputs().size()));
        }
    }

    /**
     * Work may have appeared that the kept list of active jobs does not show (a job was submitted, units were
     * handed back, here or at another coordinator): the next lease reads the store.
     */
    public void workChanged() {
        activeJobs.invalidate();
    }

    /**
     * Adds an input with a known answer to the canary pool of a model. While a model has canaries, a car's
     * replicas count in a quorum only after it has passed one.
     */
    public void addCanaryAnswer(String id, String model, String text, float[] answer) {
        database.inTransaction(c -> {
            try (var insert = c.prepareStatement(
                    "INSERT INTO canary_answers (id, model, input_text, embedding) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, model);
                insert.setString(3, text);
                insert.setBytes(4, io.terafleet.coordinator.db.EmbeddingCodec.encode(answer));
                insert.executeUpdate();
            }
            return null;
        });
    }

    /**
     * The share of completed solo generation units held for a teacher-forced check by a trusted car before their
     * answers count (0: none; {@link GenerationChecks#DEFAULT_SHARE} by default).
     */
    public void checkGenerationShare(double share) {
        if (checking != null) {
            checking.generationChecks().checkShare(share);
        }
    }

    /**
     * How long a check of held generation answers waits for a car that may take it (default
     * {@link GenerationChecks#DEFAULT_DEADLINE}): past it, a scoring check becomes a replica check on any car of another
     * owner, and a replica check nobody took delivers the answers marked unverified ({@link #expireChecks}).
     */
    public void checkGenerationDeadline(Duration deadline) {
        if (checking != null) {
            checking.generationChecks().checkDeadline(deadline);
        }
    }

    /**
     * Verifies another way the held answers whose check is past its deadline and still queued (each check in its own
     * transaction); called with the lease reaper's clock by {@link #expireLeases(Instant)}.
     *
     * @return how many checks were replaced or ended
     */
    public int expireChecks(Instant now) {
        if (checking == null) {
            return 0;
        }
        Duration deadline = checking.generationChecks().deadline();
        int handled = 0;
        while (true) {
            List<String> overdue = database.inTransaction(c -> CheckDeadlines.overdue(c, now));
            int round = 0;
            for (String unitId : overdue) {
                if (database.inTransaction(c -> CheckDeadlines.fallBack(c, unitId, deadline, now))) {
                    round++;
                }
            }
            handled += round;
            if (overdue.size() < CheckDeadlines.ROUND_SIZE || round == 0) {
                if (handled > 0) {
                    activeJobs.invalidate();
                }
                return handled;
            }
        }
    }

    /** Where the held answers of a job's checks stand, for its progress (all zero for a job never checked). */
    public CheckProgress checkProgress(String jobId) {
        return database.inTransaction(c -> CheckProgress.read(c, jobId));
    }

    /**
     * Adds a generation task with its known answer (greedy decoding on the shipped model, computed once) to the
     * canary pool of a generative model: probation cars receive such units as they receive embedding canaries.
     */
    public void addGenerativeCanary(String id, String model, String taskJson, String answerJson) {
        database.inTransaction(c -> {
            try (var insert = c.prepareStatement(
                    "INSERT INTO canary_answers (id, model, input_text, answer) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, model);
                insert.setString(3, taskJson);
                insert.setString(4, answerJson);
                insert.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Adds the generative canaries shipped for {@code model} (greedy answers of the shipped model to fixed prompts)
     * that the pool does not hold yet; safe to call from every coordinator sharing the store.
     *
     * @return how many were added
     */
    public int addShippedCanaries(String model) {
        int added = 0;
        for (ShippedCanaries.Canary canary : ShippedCanaries.of(model)) {
            boolean known = database.inTransaction(c -> {
                try (var q = c.prepareStatement("SELECT 1 FROM canary_answers WHERE id = ?")) {
                    q.setString(1, canary.id());
                    try (var rows = q.executeQuery()) {
                        return rows.next();
                    }
                }
            });
            if (!known) {
                addGenerativeCanary(canary.id(), model, canary.taskJson(), canary.answerJson());
                added++;
            }
        }
        return added;
    }

    /** Whether {@link #lease} would find work for {@code models} now (empty: any model); cheap. */
    public boolean hasQueuedWork(Set<String> models) {
        return hasQueuedWork(models, Instant.ofEpochMilli(Long.MAX_VALUE / 2));
    }

    /** Whether some unit of an in-progress job that runs {@code models} (empty: any) is leasable at {@code now}. */
    public boolean hasQueuedWork(Set<String> models, Instant now) {
        Set<String> wanted = Set.copyOf(requireModels(models));
        return snapshot(now).work().stream().anyMatch(w -> wanted.isEmpty() || wanted.contains(w.model()));
    }

    /**
     * Whether a lease by this car at {@code now} could find work, judged on the kept list of active jobs (no store
     * access while it is young): a waiting lease call asks this before it tries the store.
     */
    public boolean mayHaveWorkFor(CarProfile car, Instant now) {
        ActiveJobs.Snapshot snapshot = snapshot(now);
        return !snapshot.work().isEmpty() && scheduler.decide(car, snapshot.work(), snapshot.liveInputsByTenant(),
                JobSpec.MAX_UNIT_SIZE, now).hasWork();
    }

    /** The leasable work as the kept list of active jobs shows it now (read from the store when it is too old). */
    public List<QueuedWork> leasableWork(Instant now) {
        return snapshot(now).work();
    }

    /** Queued units of in-progress jobs by priority class (including those waiting out a backoff). */
    public Map<PriorityClass, Long> queueDepth(Instant now) {
        return database.inTransaction(c -> QueueSnapshot.queuedUnitsByClass(c, now));
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
     * Writes expiries that heartbeats earned in a coordinator's memory, in one transaction: each lease still live
     * (LEASED under this lease id and car, not yet expired at {@code now}) gets its new expiry.
     *
     * @param extensions lease id to (car id, new expiry)
     * @return the lease ids that were not live any more (nothing was written for them)
     */
    public Set<String> extendLeases(Map<String, Map.Entry<String, Instant>> extensions, Instant now) {
        if (extensions.isEmpty()) {
            return Set.of();
        }
        var ordered = new java.util.TreeMap<>(extensions);
        return database.inTransaction(c -> {
            Set<String> lost = new java.util.HashSet<>();
            for (var lease : ordered.entrySet()) {
                if (!UnitRows.extendLease(c, lease.getKey(), lease.getValue().getKey(), lease.getValue().getValue(),
                        now)) {
                    lost.add(lease.getKey());
                }
            }
            return lost;
        });
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
        return database.inTransaction(c -> LeaseEndings.complete(c, leaseId, carId, results, energyWh, now,
                checking));
    }

    /** One completion of a bulk call: what {@link #complete(String, String, List, Double, Instant)} takes. */
    public record Completion(String leaseId, List<InputResult> results, Double energyWh) {
    }

    /**
     * Completes several leases of one car, each with the outcome {@link #complete(String, String, List, Double,
     * Instant)} would give it alone (or {@code invalid} where that throws). The common case (a unit leased under
     * the completion's lease, of a job that takes results as they come) is written for all of them in one
     * transaction with set-based statements ({@link BulkCompletion}); the rest go one transaction each. Should the
     * shared transaction fail, nothing of it is kept and every completion goes alone, so that one bad unit costs
     * only itself. Idempotent as the one-unit completion is: a retried call finds its units completed.
     */
    public List<io.terafleet.core.api.CompleteBatchResponse.Outcome> completeAll(String carId,
                                                                                 List<Completion> completions,
                                                                                 Instant now) {
        requireCarId(carId);
        List<BulkCompletion.Item> items = completions.stream()
                .map(done -> new BulkCompletion.Item(done.leaseId(), done.results(), done.energyWh())).toList();
        io.terafleet.core.api.CompleteBatchResponse.Outcome[] outcomes;
        try {
            outcomes = database.inTransaction(c -> BulkCompletion.complete(c, carId, items, now, checking));
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(UnitRepository.class).debug("bulk completion of car {} goes one by one",
                    carId, e);
            outcomes = new io.terafleet.core.api.CompleteBatchResponse.Outcome[items.size()];
        }
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null) {
                outcomes[i] = completeAlone(carId, completions.get(i), now);
            }
        }
        return List.of(outcomes);
    }

    private io.terafleet.core.api.CompleteBatchResponse.Outcome completeAlone(String carId, Completion done,
                                                                              Instant now) {
        try {
            return io.terafleet.core.api.CompleteBatchResponse.Outcome.of(done.leaseId(),
                    complete(done.leaseId(), carId, done.results(), done.energyWh(), now));
        } catch (IllegalArgumentException e) {
            return new io.terafleet.core.api.CompleteBatchResponse.Outcome(done.leaseId(),
                    io.terafleet.core.api.CompleteBatchResponse.INVALID, e.getMessage());
        }
    }

    /**
     * Hands a live lease back at once: {@code partial} results are stored and the unit is QUEUED
     * again (or COMPLETED, if they cover all of it). The attempt is given back, since a release is
     * not a failure; the unit may be leased again after the release backoff, and fails after too many releases.
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
        return database.inTransaction(c -> LeaseEndings.release(c, leaseId, carId, partial, why, energyWh, retry,
                now, checking));
    }

    /** The unit a lease of {@code carId} was granted for; empty when the lease is unknown or another car's. */
    public Optional<String> unitOfLease(String leaseId, String carId) {
        return database.inTransaction(c -> LeaseRecords.find(c, leaseId)
                .filter(lease -> lease.carId().equals(carId)).map(LeaseRecords.LeaseRecord::unitId));
    }

    /** {@link #unitOfLease} for several leases of the car, in one statement: lease id to unit id (its own only). */
    public Map<String, String> unitsOfLeases(java.util.Collection<String> leaseIds, String carId) {
        if (leaseIds.isEmpty()) {
            return Map.of();
        }
        return database.inTransaction(c -> {
            Map<String, String> units = new java.util.HashMap<>();
            LeaseRecords.findAll(c, new java.util.TreeSet<>(leaseIds)).values().stream()
                    .filter(lease -> lease.carId().equals(carId))
                    .forEach(lease -> units.put(lease.id(), lease.unitId()));
            return units;
        });
    }

    /**
     * A spot check's verdict on a car's online answer (re-scored by other cars): moves its trust as a replica's
     * verdict does, so a car caught lying there is struck, quarantined at the same threshold and its unpaid credit
     * voided, on every coordinator that shares this store.
     */
    public void judgeOnline(String carId, boolean honest, Instant now) {
        database.inTransaction(c -> {
            checking.trust().judge(c, carId, honest, false, now);
            return null;
        });
    }

    /** Misbehaviour caught at the door (a result with a missing or forged signature): a strike for the car. */
    public void strike(String carId, Instant now) {
        database.inTransaction(c -> {
            TrustStrikes.strike(c, carId, now);
            return null;
        });
    }

    /**
     * Takes back every unit whose lease expired before {@code now}: it is QUEUED again (leasable after the
     * expiry backoff), or FAILED if it has used up its attempts, in which case each of its inputs without a
     * result gets the error "unit failed after N attempts: lease expired" and its job ends once no unit is
     * open. Each unit is handled in its own transaction.
     *
     * @return how many units were taken back (requeued or failed)
     */
    public int expireLeases(Instant now) {
        return expireLeases(now, retry);
    }

    /** As {@link #expireLeases(Instant)}, failing units after {@code maxAttempts} attempts. */
    public int expireLeases(Instant now, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: must be at least 1, was " + maxAttempts);
        }
        return expireLeases(now, retry.withMaxAttempts(maxAttempts));
    }

    private int expireLeases(Instant now, RetryPolicy policy) {
        expireChecks(now);
        int taken = 0;
        while (true) {
            List<String> expired = database.inTransaction(c -> LeaseExpiry.expiredUnitIds(c, now));
            int takenThisRound = 0;
            for (String unitId : expired) {
                if (database.inTransaction(c -> LeaseExpiry.expire(c, unitId, now, policy))) {
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
