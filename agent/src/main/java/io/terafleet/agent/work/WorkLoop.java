package io.terafleet.agent.work;

import io.terafleet.agent.state.CompletionSpool;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.agent.AgentConfig;
import io.terafleet.agent.client.CoordinatorClient;
import io.terafleet.agent.client.CoordinatorException;
import io.terafleet.agent.inference.EmbeddingException;
import io.terafleet.agent.signals.VehicleSignals;
import io.terafleet.core.api.CarStatus;
import io.terafleet.core.api.LeaseRequest;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.vehicle.Eligibility;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's main loop: decide from the owner policy, lease when eligible, run what was leased, repeat. While a
 * unit runs, a {@link Watchdog} decides again on every signal change and every {@link #WATCHDOG_PERIOD}, and
 * aborts inference when the answer turns to no; stopping the loop does the same, so the unit is released, not lost.
 */
public final class WorkLoop {
    private static final Logger LOG = LoggerFactory.getLogger(WorkLoop.class);
    static final Duration WATCHDOG_PERIOD = Duration.ofMillis(100);
    static final int KEPT_PREEMPTIONS = 1000;
    private static final Eligibility.NotEligible STOPPING =
            new Eligibility.NotEligible("agent_stopping", "the agent is shutting down");

    /** How long a car whose model cannot be opened waits before it leases again (a release costs no attempt). */
    private static final Duration MODEL_RETRY = Duration.ofSeconds(5);
    private final AgentConfig config;
    private final CoordinatorClient client;
    private final VehicleSignals signals;
    private final EmbedderOpener embedders;
    private final Clock clock;
    private final PolicyGate gate;
    private final EnergyAccount energy;
    /** Shared with the {@link OnlineWorker}: its requests go before this loop's batches. */
    private final OnlinePriority online = new OnlinePriority();
    private final Watchdog watchdog;
    private final UnitRunner runner;
    private final Retrier completionRetrier = new Retrier(8, Duration.ofMillis(100), Duration.ofSeconds(5));
    private final CompletionSpool spool;
    private final CompletionSender completions;
    /** Finished units of the lease being worked, whose completions go together when it is done (loop thread only). */
    private final List<CompletionSender.Finished> held = new java.util.ArrayList<>();
    private final io.terafleet.agent.identity.CarSigner signer = new io.terafleet.agent.identity.CarSigner();
    private final Retrier leaseRetrier = new Retrier(Integer.MAX_VALUE, Duration.ofMillis(200), Duration.ofSeconds(5));
    private final Throughput throughput = new Throughput();
    /** Generated tokens per second over the car's generation units, which the coordinator sizes them by. */
    private final Throughput tokenRate = new Throughput();
    private final java.util.concurrent.atomic.AtomicLong tokensGenerated = new java.util.concurrent.atomic.AtomicLong();
    private volatile io.terafleet.agent.generation.GenerationServer generation;
    private final Set<String> loadedModels = ConcurrentHashMap.newKeySet();
    /** The most recent preemptions, at most {@link #KEPT_PREEMPTIONS}, so a long-lived agent does not grow. */
    private final Deque<Preemption> preemptions = new ArrayDeque<>();
    private volatile boolean running = true;
    private volatile String lastReason = "";
    private final AtomicLong unitsCompleted = new AtomicLong();
    private final AtomicLong unitsReleased = new AtomicLong();
    private final AtomicLong unitsLost = new AtomicLong();
    private final AtomicLong inputsCompleted = new AtomicLong();
    private final AtomicLong computeNanos = new AtomicLong();

    public WorkLoop(AgentConfig config, CoordinatorClient client, VehicleSignals signals, EmbedderOpener embedders,
                    ScheduledExecutorService heartbeats, ScheduledExecutorService watchdogTicks, Clock clock) {
        this.config = config;
        this.client = client;
        this.signals = signals;
        this.embedders = embedders;
        this.clock = clock;
        this.energy = new EnergyAccount(config.hardware(), config.policy().zone(), clock);
        this.gate = new PolicyGate(config.policy(), signals, energy, clock);
        this.watchdog = new Watchdog(this::eligibility);
        this.spool = config.spoolDir() == null ? null : new CompletionSpool(config.spoolDir());
        this.runner = new UnitRunner(client, heartbeats, this::eligibility, energy, watchdog, clock,
                config.batchSize(), completionRetrier, online, spool, signer);
        this.completions = new CompletionSender(client, completionRetrier, clock, spool);
        signals.onChange(watchdog::check);
        watchdogTicks.scheduleAtFixedRate(watchdog::check, WATCHDOG_PERIOD.toMillis(), WATCHDOG_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Signs this car's results once it has a key pair (set at enrollment or from the saved enrollment). */
    public io.terafleet.agent.identity.CarSigner signer() {
        return signer;
    }

    /**
     * Sends what an earlier run of this car finished but had no answer for, several per call; each is deleted once
     * answered. A completion that still cannot be sent stays spooled for the next start.
     *
     * @return how many the coordinator answered
     * @throws CoordinatorException when the coordinator refuses the car's credential (401 or 403)
     */
    public int resendSpooled() {
        if (spool == null) {
            return 0;
        }
        int answered = 0;
        for (CompletionSender.Resent resent : completions.resend(spool.pending())) {
            String unitId = resent.entry().unitId();
            if (io.terafleet.core.api.CompleteBatchResponse.BAD_SIGNATURE.equals(resent.outcome())) {
                // Signed with a key this car no longer holds: it can never count.
                LOG.warn("car {}: spooled completion of unit {} dropped: its signature was refused", config.carName(),
                        unitId);
                continue;
            }
            answered++;
            LOG.info("car {}: spooled completion of unit {} answered {}", config.carName(), unitId, resent.outcome());
            if (CompleteResponse.ACCEPTED.equals(resent.outcome())) {
                unitsCompleted.incrementAndGet();
                inputsCompleted.addAndGet(resent.entry().request().results().size());
            }
        }
        return answered;
    }

    /** Drops every spooled completion: the car enrolled anew, so the old leases are not its own. */
    public int dropSpooled() {
        return spool == null ? 0 : spool.clear();
    }

    /** Runs the leased units of text-generation models on this server's engines. */
    public void generateWith(io.terafleet.agent.generation.GenerationServer server) {
        this.generation = server;
    }

    /** Tokens this car has generated for leased units (finished answers and handed-back parts alike). */
    public long tokensGenerated() {
        return tokensGenerated.get();
    }

    public boolean running() {
        return running;
    }

    OnlinePriority online() {
        return online;
    }

    EnergyAccount energy() {
        return energy;
    }

    /** Stops the loop; a unit in flight is aborted by the next watchdog check and released. */
    public void stop() {
        running = false;
        watchdog.check();
    }

    /**
     * Leases, runs each leased unit, then sends the finished units' completions together, asking in the same call
     * for the next lease while the car may still compute: one round trip per lease after the first.
     */
    public void run() {
        List<LeasedUnit> next = List.of();
        while (running) {
            List<LeasedUnit> units = next.isEmpty() ? leaseWhenEligible() : next;
            Instant leasedAt = clock.instant();
            for (LeasedUnit unit : units) {
                runUnit(unit);
                if (!held.isEmpty() && pastHalfLife(held.getFirst().unit(), leasedAt)) {
                    sendHeld(null); // a long lease's first units do not wait unheartbeated for its last
                }
            }
            // The next lease rides along without waiting for work: the completions' answer is what tells the car
            // its units counted (and empties its spool), so it must not be held back until new work arrives; with
            // none ready the loop asks again with a long poll.
            next = sendHeld(running && !(eligibility() instanceof Eligibility.NotEligible) ? leaseRequest(0) : null);
        }
        sendHeld(null);
    }

    /** A lease call when the car may compute (empty after an idle pause when it may not, or when the call failed). */
    private List<LeasedUnit> leaseWhenEligible() {
        if (eligibility() instanceof Eligibility.NotEligible why) {
            noteIneligible(why);
            pause(config.idlePoll());
            return List.of();
        }
        if (!lastReason.isEmpty()) {
            lastReason = "";
            report(CarStatus.eligibleNow());
        }
        try {
            return leaseRetrier.call("lease", () -> client.lease(leaseRequest(config.leaseWait().toMillis()))).units();
        } catch (CoordinatorException e) {
            if (running) {
                LOG.warn("car {}: lease failed and will not be retried: {}", config.carName(), e.getMessage());
                pause(config.idlePoll());
            }
            return List.of();
        }
    }

    /** Whether half of the life the unit's lease had when leased at {@code leasedAt} has gone by. */
    private boolean pastHalfLife(LeasedUnit unit, Instant leasedAt) {
        if (unit.expiresAt() == null) {
            return false;
        }
        Duration life = Duration.between(leasedAt, unit.expiresAt());
        return clock.instant().isAfter(leasedAt.plus(life.dividedBy(2)));
    }

    /**
     * Sends the held completions in one call (with {@code next}, the next lease request), and counts each by its
     * outcome as a single completion's would count.
     *
     * @return the units of the next lease; empty when none was asked for, none came, or the call failed
     */
    private List<LeasedUnit> sendHeld(LeaseRequest next) {
        if (held.isEmpty()) {
            return List.of();
        }
        List<CompletionSender.Finished> sending = List.copyOf(held);
        held.clear();
        try {
            CompletionSender.Answer answer = completions.send(sending, next);
            for (int i = 0; i < sending.size(); i++) {
                count(sending.get(i), answer.outcomes().get(i));
            }
            return answer.next();
        } catch (CoordinatorException e) {
            // Spooled (unless refused as malformed): a restart sends them again; their leases expire meanwhile.
            LOG.warn("car {}: {} completion(s) not answered: {}", config.carName(), sending.size(), e.getMessage());
            unitsLost.addAndGet(sending.size());
            if (running) {
                pause(config.idlePoll());
            }
            return List.of();
        }
    }

    private void count(CompletionSender.Finished finished, String outcome) {
        if (CompletionSender.counts(outcome)) {
            unitsCompleted.incrementAndGet();
            inputsCompleted.addAndGet(finished.request().results().size());
            return;
        }
        unitsLost.incrementAndGet();
        if (!CompleteResponse.LEASE_LOST.equals(outcome)) {
            LOG.warn("car {}: completion of unit {} answered {}", config.carName(), finished.unit().unitId(), outcome);
        }
    }

    /** Says once, not every poll, why the car waits; not opting in is the usual first one. */
    private void noteIneligible(Eligibility.NotEligible why) {
        if (!why.reason().equals(lastReason)) {
            lastReason = why.reason();
            LOG.info("car {} waits, not eligible: {} ({})", config.carName(), why.reason(), why.detail());
            report(CarStatus.notEligible(why.reason(), why.detail()));
        }
    }

    /** Best effort: the coordinator also learns "eligible" from every lease request. */
    private void report(CarStatus status) {
        try {
            client.reportStatus(status);
        } catch (CoordinatorException e) {
            LOG.debug("car {}: status report failed: {}", config.carName(), e.getMessage());
        }
    }

    /** What the car asks for now, waiting up to {@code waitMillis} for work when none is ready. */
    private LeaseRequest leaseRequest(long waitMillis) {
        var now = clock.instant();
        // The owner's policy stops compute a margin before the departure: that, not the departure, is when a
        // unit must be done by, so it is what the coordinator sizes units against.
        Duration margin = gate.policy().departureMargin();
        Long available = signals.current().nextDeparture()
                .map(departure -> Math.max(0, Duration.between(now, departure.minus(margin)).toSeconds()))
                .orElse(null);
        var link = signals.current().connectivity();
        return new LeaseRequest(unitsPerLease(lastUnitNanos), waitMillis, config.models(),
                available, config.hardwareClass(),
                throughput.inputsPerSecond(), List.copyOf(loadedModels), link == null ? null : link.name(),
                tokenRate.inputsPerSecond());
    }

    /**
     * Units to ask for in one lease: one while units take a while (or none has run yet), more when the last took
     * under {@link #SHORT_UNIT}, so that a car on small units does not spend a round trip to the coordinator per
     * unit. Enough for about two short-unit periods of work, at most {@link #MAX_UNITS_PER_LEASE}: the units after
     * the first wait unheartbeated far less than a lease lives, and a car that is needed releases each of them at
     * its first check, as it does the unit it was computing.
     */
    static int unitsPerLease(long lastUnitNanos) {
        if (lastUnitNanos <= 0 || lastUnitNanos >= SHORT_UNIT.toNanos()) {
            return 1;
        }
        return (int) Math.min(MAX_UNITS_PER_LEASE, Math.max(1, 2 * SHORT_UNIT.toNanos() / lastUnitNanos));
    }

    /** A unit computed faster than this is small: several are leased at once. */
    static final Duration SHORT_UNIT = Duration.ofSeconds(1);
    /** The most units a car asks for in one lease. */
    static final int MAX_UNITS_PER_LEASE = 8;
    /** Compute time of the last unit completed (0 before the first). */
    private volatile long lastUnitNanos;

    private void runUnit(LeasedUnit unit) {
        var server = generation;
        boolean generative = server != null && server.carries(unit.model());
        UnitRunner.Result result;
        try {
            result = generative ? runner.runGeneration(unit, server.load(unit.model()), tokensGenerated)
                    : runner.run(unit, embedders.open(unit.model()));
        } catch (EmbeddingException | CoordinatorException | java.io.UncheckedIOException e) {
            // A model fetched from the registry (the agent distribution carries no weights) may not be fetchable
            // now: off Wi-Fi, or the coordinator cannot serve it. The car hands the unit back and waits.
            LOG.warn("car {}: model {} cannot be opened now, unit {} handed back: {}", config.carName(),
                    unit.model(), unit.unitId(), e.getMessage());
            runner.handBack(unit, "model_unavailable");
            pause(MODEL_RETRY);
            return;
        }
        loadedModels.add(unit.model());
        computeNanos.addAndGet(result.computeNanos());
        if (result.finished() != null) { // computed: counted once the coordinator answers its completion
            throughput.add(result.inputs(), result.computeNanos());
            lastUnitNanos = result.computeNanos();
            held.add(result.finished());
            return;
        }
        switch (result.outcome()) {
            case COMPLETED -> {
                unitsCompleted.incrementAndGet();
                inputsCompleted.addAndGet(generative ? unit.inputs().size() : result.inputs());
                (generative ? tokenRate : throughput).add(result.inputs(), result.computeNanos());
                lastUnitNanos = result.computeNanos();
            }
            case RELEASED -> {
                unitsReleased.incrementAndGet();
                keep(Objects.requireNonNull(result.preemption()));
            }
            case LEASE_LOST -> unitsLost.incrementAndGet();
        }
    }

    /** The owner's policy the car applies now (the one it started with, or one the owner set since). */
    public io.terafleet.core.policy.OwnerPolicy policy() {
        return gate.policy();
    }

    /**
     * Applies a policy the owner set in the console at once: the watchdog decides again now, so a unit the new
     * policy forbids is stopped and released.
     */
    public void applyPolicy(io.terafleet.core.policy.OwnerPolicy policy) {
        energy.zone(policy.zone()); // the budget's day follows the policy's zone, before anything decides on it
        gate.replace(policy);
        watchdog.check();
    }

    /** Every reason the policy gives now for not computing (empty: it may), as {@code agent explain} lists them. */
    public List<Eligibility.NotEligible> explain() {
        return gate.explain();
    }

    /** The owner policy's answer now; no while the agent is stopping. */
    public Eligibility eligibility() {
        if (!running) {
            return STOPPING;
        }
        return gate.decide();
    }

    public AgentStats stats() {
        return new AgentStats(unitsCompleted.get(), unitsReleased.get(), unitsLost.get(), inputsCompleted.get(),
                computeNanos.get());
    }

    /** The units this car handed back because it was needed (the last {@value #KEPT_PREEMPTIONS}), oldest first. */
    public List<Preemption> preemptions() {
        synchronized (preemptions) {
            return List.copyOf(preemptions);
        }
    }

    private void keep(Preemption preemption) {
        synchronized (preemptions) {
            if (preemptions.size() == KEPT_PREEMPTIONS) {
                preemptions.removeFirst();
            }
            preemptions.addLast(preemption);
        }
    }

    private void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
