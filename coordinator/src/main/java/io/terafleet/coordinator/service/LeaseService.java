package io.terafleet.coordinator.service;

import io.terafleet.coordinator.leasing.UnitRepository;
import io.terafleet.coordinator.metrics.CoordinatorMetrics;
import io.terafleet.core.api.CompleteRequest;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.HeartbeatRequest;
import io.terafleet.core.api.HeartbeatResponse;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.LeaseRequest;
import io.terafleet.core.api.LeaseResponse;
import io.terafleet.core.api.ReleaseRequest;
import io.terafleet.core.scheduling.CarProfile;
import io.terafleet.core.scheduling.HardwareClass;
import io.terafleet.core.vehicle.Connectivity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leasing as the agent API sees it: long-poll for units, keep them alive, complete or release
 * them. Leases are soft state: when a car goes silent its lease expires and the reaper
 * ({@link #expireLeases()}) puts the unit back in the queue, after a backoff.
 */
public final class LeaseService {
    /**
     * How often the watcher ({@link #watchForWork}) looks for work that appeared without a signal here: a job
     * submitted at another coordinator without a cluster bus, a unit whose retry backoff ended.
     */
    public static final Duration RECHECK = Duration.ofMillis(250);
    /**
     * A waiting lease call's own recheck, a safety net only: the watcher wakes waiters when work appears. Were each
     * waiter to recheck every {@link #RECHECK}, 15,000 idle cars would cost 60,000 wake-ups a second and starve the
     * threads that hold store connections (measured: pool timeouts and a first lease 14 s late).
     */
    static final Duration WAITER_RECHECK = Duration.ofSeconds(5);
    /** The watcher wakes the waiters again for the same work at most this often (a unit nobody waiting can take). */
    static final Duration SAME_WORK_REWAKE = Duration.ofSeconds(2);
    /** Lease transactions one coordinator runs at once (about its store pool's size). */
    static final int CONCURRENT_LEASES = 16;

    private final UnitRepository units;
    private final WorkSignal work;
    private final Clock clock;
    private final Duration ttl;
    private final Duration maxWait;
    private final CoordinatorMetrics metrics;
    /**
     * Each live lease granted here: when (for the per-car busy time), to which car, for which unit (so that checking
     * a completion's signature needs no store read); soft state, pruned by the reaper. A lease's unit never changes.
     */
    private final Map<String, Granted> grantedAt = new ConcurrentHashMap<>();

    private record Granted(Instant at, String carId, String unitId) {
    }
    /** Heartbeats land here, not in the store; written in batches by the reaper ({@link #expireLeases}). */
    private final LiveLeases live = new LiveLeases();
    private volatile boolean closing;
    private final java.util.concurrent.Semaphore leasing = new java.util.concurrent.Semaphore(CONCURRENT_LEASES, true);
    /** The work signal's generation when the leasing side last heard of it: a change may mean new work. */
    private volatile long heardGeneration = -1;
    private final java.util.concurrent.atomic.AtomicInteger waiters = new java.util.concurrent.atomic.AtomicInteger();
    /** The work the watcher last woke the waiters for, and when (watcher thread only). */
    private List<io.terafleet.core.scheduling.QueuedWork> wokenFor = List.of();
    private long wokenAtNanos;

    public LeaseService(UnitRepository units, WorkSignal work, Clock clock, Duration ttl, Duration maxWait,
                        CoordinatorMetrics metrics) {
        this.units = units;
        this.work = work;
        this.clock = clock;
        this.ttl = ttl;
        this.maxWait = maxWait;
        this.metrics = metrics;
    }

    public LeaseResponse lease(String carId, LeaseRequest request) throws InterruptedException {
        CarProfile car = profile(carId, request);
        long waitNanos = Math.min(request.waitMillis(), maxWait.toMillis()) * 1_000_000L;
        long deadline = System.nanoTime() + waitNanos;
        waiters.incrementAndGet();
        try {
            return awaitLease(carId, car, request, deadline);
        } finally {
            waiters.decrementAndGet();
        }
    }

    private LeaseResponse awaitLease(String carId, CarProfile car, LeaseRequest request, long deadline)
            throws InterruptedException {
        while (!closing) {
            long seen = work.generation();
            long nudged = work.nudges();
            if (seen != heardGeneration) {
                heardGeneration = seen;
                units.workChanged();
            }
            Instant now = clock.instant();
            // An idle car's wait touches the store only when the kept list of active jobs holds work for it.
            UnitRepository.Grant grant = units.mayHaveWorkFor(car, now) ? tryLease(car, request, deadline)
                    : UnitRepository.Grant.NONE;
            long remaining = deadline - System.nanoTime();
            if (!grant.units().isEmpty() || remaining <= 0) {
                record(carId, grant, now);
                return new LeaseResponse(grant.units());
            }
            work.awaitChange(seen, nudged, Duration.ofNanos(Math.min(remaining, WAITER_RECHECK.toNanos())));
        }
        return new LeaseResponse(List.of());
    }

    /** Lease calls waiting here for work now (each an idle, eligible car). */
    public int waitingCalls() {
        return waiters.get();
    }

    /**
     * Called every {@link #RECHECK} by one thread: while cars wait here, reads the kept list of active jobs (from
     * the store when it is older than its maximum age) and wakes the waiters when it holds work they have not been
     * woken for. One read per period for the whole coordinator, instead of one wake-up per waiting car.
     */
    public void watchForWork() {
        if (closing || waiters.get() == 0) {
            return;
        }
        List<io.terafleet.core.scheduling.QueuedWork> now = units.leasableWork(clock.instant());
        if (now.isEmpty()) {
            wokenFor = now;
            return;
        }
        long sinceWake = System.nanoTime() - wokenAtNanos;
        if (!now.equals(wokenFor) || sinceWake > SAME_WORK_REWAKE.toNanos()) {
            wokenFor = now;
            wokenAtNanos = System.nanoTime();
            work.nudge();
        }
    }

    /**
     * Leases with at most {@link #CONCURRENT_LEASES} cars at once in the store, asking again after the wait whether
     * there is still work: when a new job wakes thousands of waiting cars, the first few take its units and the
     * rest see it drained in memory instead of each running a transaction that finds nothing.
     */
    private UnitRepository.Grant tryLease(CarProfile car, LeaseRequest request, long deadlineNanos)
            throws InterruptedException {
        long wait = Math.max(0, deadlineNanos - System.nanoTime());
        if (!leasing.tryAcquire(wait, java.util.concurrent.TimeUnit.NANOSECONDS)) {
            return UnitRepository.Grant.NONE;
        }
        try {
            Instant now = clock.instant();
            return units.mayHaveWorkFor(car, now) ? units.leaseWithDecision(car, request.maxUnits(), now, ttl)
                    : UnitRepository.Grant.NONE;
        } finally {
            leasing.release();
        }
    }

    /** The car as the scheduler sees it, from what its lease request says. */
    public static CarProfile profile(String carId, LeaseRequest request) {
        Set<String> models = request.models() == null ? Set.of() : Set.copyOf(request.models());
        Set<String> cached = request.cachedModels() == null ? Set.of() : Set.copyOf(request.cachedModels());
        boolean cellular = Connectivity.CELLULAR.name().equalsIgnoreCase(request.network());
        return new CarProfile(carId, HardwareClass.of(request.hardwareClass()), models, cached,
                request.measuredThroughput(), request.expectedAvailableSeconds(), cellular,
                request.measuredTokensPerSecond());
    }

    private void record(String carId, UnitRepository.Grant grant, Instant now) {
        metrics.leaseRequest(grant.units().size());
        grant.attemptNumbers().forEach(metrics::unitLeased);
        grant.units().forEach(unit -> {
            grantedAt.put(unit.leaseId(), new Granted(now, carId, unit.unitId()));
            live.granted(unit.leaseId(), carId, unit.expiresAt() == null ? now.plus(ttl) : unit.expiresAt());
        });
    }

    /** Ends every waiting lease call with no units, so that the store can close under none. */
    public void close() {
        closing = true;
        work.signalFromElsewhere(); // wakes the waiters here only: nothing new for the other coordinators
        try {
            writeHeartbeats(clock.instant());
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LeaseService.class).warn("heartbeats not written at close", e);
        }
    }

    /**
     * Extends a lease: in memory when this coordinator knows it (no store transaction), else in the store (a lease
     * granted by another coordinator, or before a restart), which then teaches it to this one.
     */
    public HeartbeatResponse heartbeat(String carId, HeartbeatRequest request) {
        Instant now = clock.instant();
        Optional<Instant> extended = live.knows(request.leaseId())
                ? live.extend(request.leaseId(), carId, now, now.plus(ttl))
                : units.heartbeat(request.leaseId(), carId, now, ttl);
        extended.filter(expires -> !live.knows(request.leaseId()))
                .ifPresent(expires -> live.granted(request.leaseId(), carId, expires));
        HeartbeatResponse response = extended
                .map(expires -> new HeartbeatResponse(true, expires))
                .orElseGet(() -> new HeartbeatResponse(false, null));
        metrics.heartbeat(response.live());
        return response;
    }

    public CompleteResponse complete(String carId, CompleteRequest request) {
        Instant now = clock.instant();
        String outcome = units.complete(request.leaseId(), carId, request.results(), request.energyWh(), now);
        metrics.completionCall("complete", 1);
        metrics.completion(outcome);
        Granted granted = grantedAt.remove(request.leaseId());
        live.forget(request.leaseId());
        if (granted != null && CompleteResponse.ACCEPTED.equals(outcome)) {
            metrics.carBusy(carId, Duration.between(granted.at(), now));
        }
        return new CompleteResponse(outcome);
    }

    /**
     * Completes several leases of the car in one call ({@link UnitRepository#completeAll}); each outcome is what a
     * completion of its own would have got.
     */
    public List<io.terafleet.core.api.CompleteBatchResponse.Outcome> completeAll(String carId,
                                                                                 List<CompleteRequest> requests) {
        Instant now = clock.instant();
        var outcomes = units.completeAll(carId, requests.stream().map(r -> new UnitRepository.Completion(r.leaseId(),
                r.results(), r.energyWh())).toList(), now);
        metrics.completionCall("complete-batch", requests.size());
        for (var outcome : outcomes) {
            metrics.completion(outcome.outcome());
            Granted granted = grantedAt.remove(outcome.leaseId());
            live.forget(outcome.leaseId());
            if (granted != null && CompleteResponse.ACCEPTED.equals(outcome.outcome())) {
                metrics.carBusy(carId, Duration.between(granted.at(), now));
            }
        }
        return outcomes;
    }

    /**
     * The units several leases of this car were granted for (lease id to unit id): from memory for the leases granted
     * here and still live, the others in one store read.
     */
    public Map<String, String> unitsOfLeases(java.util.Collection<String> leaseIds, String carId) {
        Map<String, String> found = new java.util.HashMap<>();
        List<String> unknown = new java.util.ArrayList<>();
        for (String leaseId : leaseIds) {
            Granted granted = grantedAt.get(leaseId);
            if (granted == null) {
                unknown.add(leaseId);
            } else if (granted.carId().equals(carId)) {
                found.put(leaseId, granted.unitId());
            }
        }
        if (!unknown.isEmpty()) {
            found.putAll(units.unitsOfLeases(unknown, carId));
        }
        return found;
    }

    /** The unit a lease of this car was granted for (any lease it ever held); empty when not the car's. */
    public Optional<String> unitOfLease(String leaseId, String carId) {
        Granted granted = grantedAt.get(leaseId);
        if (granted != null) {
            return granted.carId().equals(carId) ? Optional.of(granted.unitId()) : Optional.empty();
        }
        return units.unitOfLease(leaseId, carId);
    }

    /** A spot check's verdict on one of the car's online answers, into its trust as a replica verdict would. */
    public void judgeOnline(String carId, boolean honest) {
        units.judgeOnline(carId, honest, clock.instant());
    }

    /** A strike against the car's trust, for a result refused before it was looked at. */
    public void strike(String carId) {
        units.strike(carId, clock.instant());
    }

    /** @return false when the lease is not this car's live lease (unknown, ended, or another car's): nothing done */
    public boolean release(String carId, ReleaseRequest request) {
        List<InputResult> partial = request.partialResults() == null ? List.of() : request.partialResults();
        boolean released = units.release(request.leaseId(), carId, partial, request.reason(), request.energyWh(),
                clock.instant());
        metrics.release(released);
        grantedAt.remove(request.leaseId());
        live.forget(request.leaseId());
        if (released) {
            work.signalAll();
        }
        return released;
    }

    /** Writes the expiries heartbeats earned here since the last call, before any reaper goes by the store's. */
    private void writeHeartbeats(Instant now) {
        List<LiveLeases.Extension> due = live.due(now);
        if (due.isEmpty()) {
            return;
        }
        Map<String, Map.Entry<String, Instant>> extensions = new java.util.HashMap<>();
        due.forEach(e -> extensions.put(e.leaseId(), Map.entry(e.carId(), e.expiresAt())));
        live.written(due, units.extendLeases(extensions, now));
    }

    /** Requeues units whose leases ran out (or fails them); returns how many. Called periodically. */
    public int expireLeases() {
        Instant now = clock.instant();
        writeHeartbeats(now);
        int expired = units.expireLeases(now);
        if (expired > 0) {
            metrics.leasesExpired(expired);
            work.signalAll();
        }
        Instant stale = now.minus(ttl.multipliedBy(10));
        grantedAt.values().removeIf(granted -> granted.at().isBefore(stale));
        metrics.queueDepth(units.queueDepth(now));
        return expired;
    }
}
