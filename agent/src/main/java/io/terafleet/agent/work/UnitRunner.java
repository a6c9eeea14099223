package io.terafleet.agent.work;

import io.terafleet.agent.state.CompletionSpool;
import io.terafleet.agent.client.CoordinatorClient;
import io.terafleet.agent.client.CoordinatorException;
import io.terafleet.agent.inference.Embedder;
import io.terafleet.agent.inference.InferenceInterruptedException;
import io.terafleet.core.api.CompleteRequest;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.HeartbeatRequest;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.api.ReleaseRequest;
import io.terafleet.core.api.UnitInput;
import io.terafleet.core.vehicle.Eligibility;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one leased unit: inference in batches, heartbeats and the {@link Watchdog} beside it, and the completion
 * (or a release with partial results and the reason, when the car stops being eligible: before a batch, or
 * during one, which the watchdog then aborts). Each batch's energy goes to the {@link EnergyAccount}.
 */
final class UnitRunner {
    private static final Logger LOG = LoggerFactory.getLogger(UnitRunner.class);
    private static final Duration MIN_HEARTBEAT = Duration.ofMillis(200);
    /**
     * How long past its lease's expiry (or past now, when heartbeats kept the lease beyond its first expiry) a
     * finished unit is still offered: longer than the default lease time plus the reaper's period, and until
     * another car takes the unit a late completion still counts.
     */
    static final Duration COMPLETION_GRACE = Duration.ofSeconds(60);
    /** The longest a batch waits for online requests to finish; heartbeats keep the lease meanwhile. */
    private static final Duration ONLINE_YIELD = Duration.ofSeconds(2);

    private final CoordinatorClient client;
    private final ScheduledExecutorService heartbeats;
    private final Supplier<Eligibility> eligibility;
    private final Clock clock;
    private final int batchSize;
    private final Retrier retrier;
    private final EnergyAccount energy;
    private final Watchdog watchdog;
    private final OnlinePriority online;
    private final CompletionSpool spool;
    private final io.terafleet.agent.identity.CarSigner signer;

    UnitRunner(CoordinatorClient client, ScheduledExecutorService heartbeats, Supplier<Eligibility> eligibility,
               EnergyAccount energy, Watchdog watchdog, Clock clock, int batchSize, Retrier retrier) {
        this(client, heartbeats, eligibility, energy, watchdog, clock, batchSize, retrier, new OnlinePriority());
    }

    UnitRunner(CoordinatorClient client, ScheduledExecutorService heartbeats, Supplier<Eligibility> eligibility,
               EnergyAccount energy, Watchdog watchdog, Clock clock, int batchSize, Retrier retrier,
               OnlinePriority online) {
        this(client, heartbeats, eligibility, energy, watchdog, clock, batchSize, retrier, online, null,
                new io.terafleet.agent.identity.CarSigner());
    }

    /**
     * @param spool  where a finished unit's completion is kept until answered; null keeps it in memory only
     * @param signer signs completions and releases with the car's own key
     */
    UnitRunner(CoordinatorClient client, ScheduledExecutorService heartbeats, Supplier<Eligibility> eligibility,
               EnergyAccount energy, Watchdog watchdog, Clock clock, int batchSize, Retrier retrier,
               OnlinePriority online, CompletionSpool spool, io.terafleet.agent.identity.CarSigner signer) {
        this.signer = signer;
        this.spool = spool;
        this.online = online;
        this.client = client;
        this.heartbeats = heartbeats;
        this.eligibility = eligibility;
        this.energy = energy;
        this.watchdog = watchdog;
        this.clock = clock;
        this.batchSize = batchSize;
        this.retrier = retrier;
    }

    /**
     * What became of a unit; {@code preemption} is set when it was released because the car was needed;
     * {@code finished} is set when every input was computed and the completion, signed and spooled, is still to be
     * sent (outcome {@link UnitOutcome#COMPLETED} then holds only once the coordinator has accepted it).
     */
    record Result(UnitOutcome outcome, int inputs, long computeNanos, Preemption preemption,
                  CompletionSender.Finished finished) {
        Result(UnitOutcome outcome, int inputs, long computeNanos) {
            this(outcome, inputs, computeNanos, null, null);
        }

        Result(UnitOutcome outcome, int inputs, long computeNanos, Preemption preemption) {
            this(outcome, inputs, computeNanos, preemption, null);
        }
    }

    Result run(LeasedUnit unit, Embedder embedder) {
        var lost = new AtomicBoolean();
        var processed = new AtomicInteger();
        ScheduledFuture<?> beat = scheduleHeartbeats(unit, processed, lost);
        watchdog.watch(embedder);
        try {
            return compute(unit, embedder, processed, lost);
        } finally {
            watchdog.unwatch();
            beat.cancel(false);
        }
    }

    /**
     * Runs a generation unit on the engine: all its prompts decoded together; completed with every answer, or, when
     * the car is needed, released with the finished answers and the unfinished ones' tokens so far.
     *
     * @param generated counts the tokens this car decodes
     */
    Result runGeneration(LeasedUnit unit, io.terafleet.generation.GenerationEngine engine,
                         java.util.concurrent.atomic.AtomicLong generated) {
        var lost = new AtomicBoolean();
        ScheduledFuture<?> beat = scheduleHeartbeats(unit, new AtomicInteger(), lost);
        long computeNanos = 0;
        try {
            online.awaitIdle(ONLINE_YIELD);
            energy.batchStarted();
            io.terafleet.agent.generation.GenerationUnit.Outcome outcome;
            try {
                outcome = io.terafleet.agent.generation.GenerationUnit.run(engine, unit.inputs(),
                        () -> lost.get() ? LOST : eligibility.get(), generated);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopping: the lease expires and the unit is leased again
                outcome = null;
            } finally {
                computeNanos = energy.batchEnded();
            }
            if (outcome == null || lost.get()) {
                return new Result(UnitOutcome.LEASE_LOST, 0, computeNanos);
            }
            if (outcome.stoppedBy() != null) {
                long now = System.nanoTime();
                Result released = preempted(unit, outcome.results(), computeNanos, outcome.stoppedBy(), now, now, true);
                return new Result(released.outcome(), (int) outcome.tokens(), computeNanos, released.preemption());
            }
            String answered = complete(unit, outcome.results(), computeNanos);
            return CompleteResponse.LEASE_LOST.equals(answered) || CompleteResponse.REJECTED.equals(answered)
                    ? new Result(UnitOutcome.LEASE_LOST, 0, computeNanos)
                    : new Result(UnitOutcome.COMPLETED, (int) outcome.tokens(), computeNanos);
        } finally {
            beat.cancel(false);
        }
    }

    private static final Eligibility.NotEligible LOST = new Eligibility.NotEligible("lease_lost",
            "the coordinator no longer holds this car's lease");

    private Result compute(LeasedUnit unit, Embedder embedder, AtomicInteger processed, AtomicBoolean lost) {
        List<UnitInput> inputs = shortestFirst(unit.inputs());
        List<InputResult> results = new ArrayList<>(inputs.size());
        long computeNanos = 0;
        for (int from = 0; from < inputs.size(); from += batchSize) {
            if (lost.get()) {
                return new Result(UnitOutcome.LEASE_LOST, 0, computeNanos);
            }
            if (eligibility.get() instanceof Eligibility.NotEligible why) {
                long now = System.nanoTime();
                return preempted(unit, results, computeNanos, why, now, now, false);
            }
            online.awaitIdle(ONLINE_YIELD);
            List<UnitInput> batch = inputs.subList(from, Math.min(from + batchSize, inputs.size()));
            energy.batchStarted();
            Embedder.Embedded embedded;
            try {
                embedded = embedder.embedCounting(batch.stream().map(UnitInput::text).toList());
            } catch (InferenceInterruptedException e) {
                long stopped = System.nanoTime();
                computeNanos += energy.batchEnded();
                return preempted(unit, results, computeNanos, stopReason(), watchdog.detectedNanos(), stopped, true);
            } catch (RuntimeException e) {
                computeNanos += energy.batchEnded();
                throw e;
            }
            computeNanos += energy.batchEnded();
            for (int i = 0; i < batch.size(); i++) {
                results.add(new InputResult(batch.get(i).index(), embedded.vectors()[i], embedded.tokensOf(i)));
            }
            processed.set(results.size());
        }
        return new Result(UnitOutcome.COMPLETED, results.size(), computeNanos, null,
                new CompletionSender.Finished(unit, finish(unit, results, computeNanos)));
    }

    /** The watchdog's reason, or "interrupted" if something else stopped the call (it should not happen). */
    private Eligibility.NotEligible stopReason() {
        Eligibility.NotEligible why = watchdog.stoppedBy();
        return why != null ? why : new Eligibility.NotEligible("interrupted", "inference was interrupted");
    }

    private Result preempted(LeasedUnit unit, List<InputResult> done, long computeNanos, Eligibility.NotEligible why,
                             long detected, long stopped, boolean aborted) {
        boolean acked = release(unit, done, why.reason(), energy.energyWh(computeNanos));
        var preemption = new Preemption(unit.unitId(), why.reason(), detected, stopped,
                acked ? System.nanoTime() : -1, aborted, done.size());
        LOG.info("unit {} released after {} inputs: {} ({})", unit.unitId(), done.size(), why.reason(), why.detail());
        return new Result(UnitOutcome.RELEASED, done.size(), computeNanos, preemption);
    }

    /**
     * A batch is padded to its longest text, so batching texts of similar length wastes less
     * compute on padding. Results carry their input index, so their order does not matter.
     */
    static List<UnitInput> shortestFirst(List<UnitInput> inputs) {
        List<UnitInput> sorted = new ArrayList<>(inputs);
        sorted.sort(java.util.Comparator.comparingInt((UnitInput in) -> in.text().length()));
        return sorted;
    }

    /**
     * The unit's completion, signed, and (with a spool) on disk before anything is sent, so that a car that stops
     * before the answer sends it again when it starts.
     */
    private CompleteRequest finish(LeasedUnit unit, List<InputResult> results, long computeNanos) {
        Double energyWh = energy.energyWh(computeNanos);
        var request = new CompleteRequest(unit.leaseId(), results, TimeUnit.NANOSECONDS.toMillis(computeNanos),
                energyWh, signer.sign(io.terafleet.core.identity.ResultDigest.COMPLETE, unit.leaseId(),
                        unit.unitId(), results, energyWh));
        if (spool != null) {
            spool.write(unit.unitId(), request);
        }
        return request;
    }

    /** A generation unit's completion, sent at once (its answers are long in coming; nothing waits to go with it). */
    private String complete(LeasedUnit unit, List<InputResult> results, long computeNanos) {
        var request = finish(unit, results, computeNanos);
        // Completion is idempotent at the coordinator, so a retry after a lost answer is safe. A finished unit is
        // kept and offered until its lease has certainly expired (and been taken back): the work is not dropped
        // while it can still count.
        CompleteResponse response = retrier.callUntil("complete " + unit.unitId(), () -> client.complete(request),
                clock, later(unit.expiresAt(), clock.instant()).plus(COMPLETION_GRACE));
        if (spool != null) {
            spool.delete(unit.unitId()); // answered (accepted, duplicate, lease_lost): sending again cannot help
        }
        return response.outcome();
    }

    private static java.time.Instant later(java.time.Instant a, java.time.Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /**
     * Hands a unit back untouched because its model cannot be opened now (not downloadable off Wi-Fi, the registry
     * unreachable): another car, or this one later, computes it.
     */
    void handBack(LeasedUnit unit, String reason) {
        release(unit, List.of(), reason, 0.0);
    }

    /** @return whether the coordinator acknowledged the release */
    private boolean release(LeasedUnit unit, List<InputResult> partial, String reason, double energyWh) {
        try {
            retrier.call("release " + unit.unitId(), () -> {
                client.release(new ReleaseRequest(unit.leaseId(), partial, reason, energyWh,
                        signer.sign(io.terafleet.core.identity.ResultDigest.RELEASE, unit.leaseId(), unit.unitId(),
                                partial, energyWh)));
                return null;
            });
            return true;
        } catch (CoordinatorException e) {
            // The lease will expire and the unit will be requeued anyway: losing a release costs time, not work.
            LOG.warn("release of unit {} failed: {}", unit.unitId(), e.getMessage());
            return false;
        }
    }

    private ScheduledFuture<?> scheduleHeartbeats(LeasedUnit unit, AtomicInteger processed, AtomicBoolean lost) {
        Duration ttl = Duration.between(clock.instant(), unit.expiresAt());
        Duration period = ttl.dividedBy(3).compareTo(MIN_HEARTBEAT) < 0 ? MIN_HEARTBEAT : ttl.dividedBy(3);
        return heartbeats.scheduleAtFixedRate(() -> heartbeat(unit, processed, lost),
                period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void heartbeat(LeasedUnit unit, AtomicInteger processed, AtomicBoolean lost) {
        try {
            if (!client.heartbeat(new HeartbeatRequest(unit.leaseId(), processed.get())).live()) {
                lost.set(true);
            }
        } catch (CoordinatorException e) {
            // A missed heartbeat is not fatal: the next one may get through before the lease expires.
            LOG.debug("heartbeat for unit {} failed: {}", unit.unitId(), e.getMessage());
        }
    }
}
