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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leasing as the agent API sees it: long-poll for units, keep them alive, complete or release
 * them. Leases are soft state: when a car goes silent its lease expires and the reaper
 * ({@link #expireLeases()}) puts the unit back in the queue, after a backoff.
 */
public final class LeaseService {
    /** How often a waiting lease call looks at the store even without a local signal. */
    static final Duration RECHECK = Duration.ofMillis(250);

    private final UnitRepository units;
    private final WorkSignal work;
    private final Clock clock;
    private final Duration ttl;
    private final Duration maxWait;
    private final CoordinatorMetrics metrics;
    /** When each live lease was granted, for the per-car busy time; soft state, pruned by the reaper. */
    private final Map<String, Instant> grantedAt = new ConcurrentHashMap<>();
    private volatile boolean closing;

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
        while (!closing) {
            long seen = work.generation();
            Instant now = clock.instant();
            UnitRepository.Grant grant = units.leaseWithDecision(car, request.maxUnits(), now, ttl);
            long remaining = deadline - System.nanoTime();
            if (!grant.units().isEmpty() || remaining <= 0) {
                record(grant, now);
                return new LeaseResponse(grant.units());
            }
            work.awaitChange(seen, Duration.ofNanos(Math.min(remaining, RECHECK.toNanos())));
        }
        return new LeaseResponse(List.of());
    }

    /** The car as the scheduler sees it, from what its lease request says. */
    public static CarProfile profile(String carId, LeaseRequest request) {
        Set<String> models = request.models() == null ? Set.of() : Set.copyOf(request.models());
        Set<String> cached = request.cachedModels() == null ? Set.of() : Set.copyOf(request.cachedModels());
        boolean cellular = Connectivity.CELLULAR.name().equalsIgnoreCase(request.network());
        return new CarProfile(carId, HardwareClass.of(request.hardwareClass()), models, cached,
                request.measuredThroughput(), request.expectedAvailableSeconds(), cellular);
    }

    private void record(UnitRepository.Grant grant, Instant now) {
        metrics.leaseRequest(grant.units().size());
        grant.attemptNumbers().forEach(metrics::unitLeased);
        grant.units().forEach(unit -> grantedAt.put(unit.leaseId(), now));
    }

    /** Ends every waiting lease call with no units, so that the store can close under none. */
    public void close() {
        closing = true;
        work.signalAll();
    }

    public HeartbeatResponse heartbeat(String carId, HeartbeatRequest request) {
        HeartbeatResponse response = units.heartbeat(request.leaseId(), carId, clock.instant(), ttl)
                .map(expires -> new HeartbeatResponse(true, expires))
                .orElseGet(() -> new HeartbeatResponse(false, null));
        metrics.heartbeat(response.live());
        return response;
    }

    public CompleteResponse complete(String carId, CompleteRequest request) {
        Instant now = clock.instant();
        String outcome = units.complete(request.leaseId(), carId, request.results(), request.energyWh(), now);
        metrics.completion(outcome);
        Instant granted = grantedAt.remove(request.leaseId());
        if (granted != null && CompleteResponse.ACCEPTED.equals(outcome)) {
            metrics.carBusy(carId, Duration.between(granted, now));
        }
        return new CompleteResponse(outcome);
    }

    /** @return false when the lease is not this car's live lease (unknown, ended, or another car's): nothing done */
    public boolean release(String carId, ReleaseRequest request) {
        List<InputResult> partial = request.partialResults() == null ? List.of() : request.partialResults();
        boolean released = units.release(request.leaseId(), carId, partial, request.reason(), request.energyWh(),
                clock.instant());
        metrics.release(released);
        grantedAt.remove(request.leaseId());
        if (released) {
            work.signalAll();
        }
        return released;
    }

    /** Requeues units whose leases ran out (or fails them); returns how many. Called periodically. */
    public int expireLeases() {
        Instant now = clock.instant();
        int expired = units.expireLeases(now);
        if (expired > 0) {
            metrics.leasesExpired(expired);
            work.signalAll();
        }
        Instant stale = now.minus(ttl.multipliedBy(10));
        grantedAt.values().removeIf(granted -> granted.isBefore(stale));
        metrics.queueDepth(units.queueDepth(now));
        return expired;
    }
}
