package io.terafleet.sim.harness;

import io.terafleet.coordinator.jobs.JobSpec;
import io.terafleet.coordinator.jobs.NewInput;
import io.terafleet.core.api.CompleteRequest;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.HeartbeatRequest;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.LeaseRequest;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.api.ReleaseRequest;
import io.terafleet.core.api.UnitInput;
import io.terafleet.core.scheduling.PriorityClass;
import io.terafleet.core.scheduling.RetryPolicy;
import io.terafleet.core.scheduling.SchedulingPolicy;
import io.terafleet.core.scheduling.UnitSizing;
import io.terafleet.core.time.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The coordinator's real logic and N simulated cars on a virtual clock, single-threaded, every choice drawn from
 * one seeded {@link Random}: a seed replays exactly. Cars park and drive, lease units, compute them at their own
 * speed, heartbeat, complete or release them; seeded faults strike on the way (a car leaves mid-unit, never
 * returns, goes silent past its lease, is slow; a completion is duplicated or lost; the coordinator restarts with
 * its store kept). After every event the in-memory invariants are checked, after some the store's, and at the
 * end I2 and liveness: see {@link InvariantChecks}.
 */
public final class DeterministicSimulation {
    static final Instant START = Instant.parse("2026-01-05T08:00:00Z");
    static final String MODEL = "all-minilm-l6-v2";
    private static final Duration IDLE_POLL = Duration.ofSeconds(15);
    private static final Duration REAP_EVERY = Duration.ofSeconds(5);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    private static final int STORE_CHECK_EVERY = 25;
    /** HW3's draw while computing (core's power model), for the energy a car reports. */
    private static final double WATTS = io.terafleet.core.energy.ComputeHardware.HW3.watts();

    private final long seed;
    private final HarnessConfig config;
    private final Adversity adversity;
    private final Random random;
    /** Jobs and cars are drawn from their own streams, so that runs that differ only in policy get the same. */
    private final Random workload;
    private final SettableClock clock = new SettableClock(START);
    private final PriorityQueue<SimEvent> queue = new PriorityQueue<>();
    private final List<SimCar> cars = new ArrayList<>();
    private final List<String> jobIds = new ArrayList<>();
    private final Tally tally = new Tally();
    private final InvariantChecks checks;
    /** When cars park and leave and jobs arrive: the seeded sessions, or a fleet simulator's day. */
    private final CarSchedule sessions;
    private SimCoordinator coordinator;
    private int coordinators = 1;
    private long seq;
    private int gone;

    private DeterministicSimulation(long seed, HarnessConfig config, Adversity adversity, CarSchedule sessions) {
        this.seed = seed;
        this.config = config;
        this.adversity = adversity;
        this.random = new Random(seed);
        this.workload = new Random(seed * 0x9E3779B97F4A7C15L + 1);
        this.checks = new InvariantChecks(config, adversity);
        this.sessions = sessions != null ? sessions : new RandomSessions(config, workload, random);
    }

    /** Runs one seed to completion (or to the liveness bound) and checks every invariant. */
    public static SimReport run(long seed, HarnessConfig config) {
        return run(seed, config, Adversity.NONE);
    }

    /**
     * As {@link #run(long, HarnessConfig)} with {@code coordinators} coordinator processes on one store: cars are
     * spread over them, each coordinator keeps its own caches and heartbeats, and a crash kills one at a time.
     */
    public static SimReport runWithCoordinators(long seed, HarnessConfig config, int coordinators) {
        var simulation = new DeterministicSimulation(seed, config, Adversity.NONE, null);
        simulation.coordinators = coordinators;
        return simulation.run();
    }

    /** As {@link #run(long, HarnessConfig)}, with lying cars and the verification that must catch them. */
    public static SimReport run(long seed, HarnessConfig config, Adversity adversity) {
        return new DeterministicSimulation(seed, config, adversity, null).run();
    }

    /**
     * Runs one seed with the cars of {@code sessions} instead of the seeded sessions (the config's fleet size,
     * throughputs and session lengths are then unused; its jobs and faults apply), to its horizon if it has one.
     */
    public static SimReport run(long seed, HarnessConfig config, CarSchedule sessions) {
        return new DeterministicSimulation(seed, config, Adversity.NONE, sessions).run();
    }

    private SimReport run() {
        UnitSizing sizing = sessions.sizing(UnitSizing.DEFAULT.withDepartureAware(config.departureAware()));
        RetryPolicy retry = new RetryPolicy(5, 50, Duration.ofSeconds(1), Duration.ofSeconds(30));
        try (SimCoordinator c = new SimCoordinator(seed, clock, SchedulingPolicy.DEFAULT.withSizing(sizing), retry,
                sessions.leaseTtl(SimCoordinator.LEASE_TTL))) {
            coordinator = c.withCoordinators(coordinators);
            setUp();
            long events = loop();
            if (sessions.horizon() != null) {
                TraceEnd.at(START.plus(sessions.horizon()), clock, cars, c, jobIds, tally);
            }
            checks.atEnd(c, jobIds, cars, clock.instant(), START);
            return tally.report(seed, checks.violations(), events, Duration.between(START, clock.instant()),
                    jobIds.size(), checks.jobsEnded(), c.restarts(), checks.inputs(), checks.results(),
                    checks.errors(), checks.verification());
        }
    }

    private void setUp() {
        // Who lies is drawn from its own stream, so that the sessions are the same with and without liars.
        Random lies = new Random(seed * 31 + 17);
        for (CarSchedule.Start start : sessions.cars(START)) {
            SimCar car = start.car();
            double lie = lies.nextDouble();
            car.honesty = lie < adversity.wrongShare() ? SimCar.Honesty.WRONG
                    : lie < adversity.wrongShare() + adversity.colludeShare() ? SimCar.Honesty.COLLUDER
                    : SimCar.Honesty.HONEST;
            car.inflates = lies.nextDouble() < adversity.inflateShare();
            cars.add(car);
            schedule(start.at(), SimEvent.Kind.ARRIVE, car, null);
        }
        for (int j = 0; j < config.jobs(); j++) {
            schedule(sessions.submission(j), SimEvent.Kind.SUBMIT, null, j);
        }
        for (int r = 0; r < config.restarts(); r++) {
            schedule(Duration.ofMillis(10_000 + workload.nextInt(170_000)), SimEvent.Kind.RESTART, null, null);
        }
        schedule(REAP_EVERY, SimEvent.Kind.REAP, null, null);
        for (int i = 0; i < adversity.canaries(); i++) {
            String text = "seed " + seed + " canary " + i;
            coordinator.units().addCanaryAnswer("canary-" + seed + "-" + i, MODEL, text, ReferenceEmbeddings.of(text));
        }
    }

    private long loop() {
        Instant bound = START.plus(sessions.horizon() != null ? sessions.horizon() : config.liveness());
        long events = 0;
        while (!queue.isEmpty()) {
            SimEvent event = queue.poll();
            if (event.at().isAfter(bound)) {
                break;
            }
            clock.set(event.at());
            handle(event);
            events++;
            tally.trace(event.at().toEpochMilli(), event.kind().ordinal(), event.car() == null ? -1
                    : event.car().id.hashCode());
            checks.afterEvent(cars);
            if (events % STORE_CHECK_EVERY == 0) {
                checks.store(coordinator, clock.instant());
            }
            // A schedule with a horizon runs to it (its backlog outlasts the day): no per-event scan of the jobs.
            if (sessions.horizon() == null && jobIds.size() == config.jobs()
                    && checks.allEnded(coordinator, jobIds)) {
                break;
            }
        }
        return events;
    }

    private void handle(SimEvent e) {
        SimCar car = e.car();
        switch (e.kind()) {
            case SUBMIT -> submit((Integer) e.payload());
            case ARRIVE -> arrive(car);
            case DEPART -> depart(car);
            case POLL -> poll(car);
            case HEARTBEAT -> heartbeat(car, e.generation());
            case DONE -> done(car, e.generation());
            case RETRY_COMPLETE -> tally.outcome(send(car, (CompleteRequest) e.payload()), true);
            case REAP -> reap();
            case RESTART -> coordinator.restartOne();
        }
    }

    private void submit(int index) {
        String jobId = "job-" + index;
        int n = config.minInputs() + workload.nextInt(config.maxInputs() - config.minInputs() + 1);
        List<NewInput> inputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            inputs.add(new NewInput("in-" + i, "seed " + seed + " job " + index + " input " + i));
        }
        String tenant = "tenant-" + (index % 2);
        coordinator.jobs().createJob(new JobSpec(jobId, MODEL, tenant, PriorityClass.BATCH, null,
                config.unitSize()).withReplication(adversity.replication(), adversity.replication() + 3,
                adversity.adaptive()), inputs, clock.instant());
        jobIds.add(jobId);
    }

    private void arrive(SimCar car) {
        car.parked = true;
        sessions.park(car, clock.instant());
        schedule(Duration.between(clock.instant(), car.departure), SimEvent.Kind.DEPART, car, null);
        schedule(Duration.ZERO, SimEvent.Kind.POLL, car, null);
    }

    /** The owner drives off: a unit in flight is released with its finished inputs, or lost. */
    private void depart(SimCar car) {
        boolean midUnit = car.busy();
        if (car.busy()) {
            double computed = seconds(car.unitStart, clock.instant());
            tally.compute(computed);
            tally.computedInputs((long) Math.min(car.unit.inputs().size(), Math.floor(computed * car.actualRate())));
            if (random.nextDouble() < config.abruptLeaveShare()) {
                tally.lostToDeparture();
            } else {
                release(car, computed);
            }
            car.dropUnit();
        }
        car.parked = false;
        car.generation++;
        // A car that leaves mid-unit may never come back; at most a quarter of the fleet does, so that the
        // rest can still finish the work (liveness is about the coordinator, not about an empty fleet).
        if (midUnit && gone < config.cars() / 4 && random.nextDouble() < config.neverReturnShare()) {
            car.gone = true;
            gone++;
            return;
        }
        Duration away = sessions.away(car, clock.instant());
        if (away != null) {
            schedule(away, SimEvent.Kind.ARRIVE, car, null);
        }
    }

    private void release(SimCar car, double computedSeconds) {
        int finished = (int) Math.min(car.unit.inputs().size(), Math.floor(computedSeconds * car.actualRate()));
        List<InputResult> partial = results(car, car.unit.inputs().subList(0, finished));
        coordinator.leases(car.id).release(car.id, new ReleaseRequest(car.unit.leaseId(), partial, "owner drove off"));
        tally.released(finished / car.actualRate());
    }

    private void poll(SimCar car) {
        if (!car.parked || car.busy()) {
            return;
        }
        checks.beforeCompute(car, clock.instant());
        Long available = car.announcedDeparture == null ? null
                : Math.max(0, Duration.between(clock.instant(), car.announcedDeparture).toSeconds());
        LeaseRequest request = new LeaseRequest(1, 0, List.of(MODEL), available, "HW3", car.measuredRate,
                List.of(MODEL), "WIFI");
        List<LeasedUnit> leased;
        try {
            leased = coordinator.leases(car.id).lease(car.id, request).units();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (leased.isEmpty()) {
            schedule(IDLE_POLL, SimEvent.Kind.POLL, car, null);
            return;
        }
        startUnit(car, leased.getFirst());
    }

    private void startUnit(SimCar car, LeasedUnit unit) {
        tally.leased();
        car.unit = unit;
        car.unitStart = clock.instant();
        Duration compute = Duration.ofMillis((long) Math.ceil(unit.inputs().size() / car.actualRate() * 1000));
        car.stalled = random.nextDouble() < config.stallShare();
        Duration silence = car.stalled ? coordinator.leaseTtl().multipliedBy(2) : Duration.ZERO;
        car.unitDone = clock.instant().plus(compute).plus(silence);
        schedule(Duration.between(clock.instant(), car.unitDone), SimEvent.Kind.DONE, car, null);
        if (!car.stalled) {
            schedule(coordinator.leaseTtl().dividedBy(3), SimEvent.Kind.HEARTBEAT, car, null);
        }
    }

    private void heartbeat(SimCar car, int generation) {
        if (generation != car.generation || !car.busy()) {
            return;
        }
        boolean live = coordinator.leases(car.id).heartbeat(car.id, new HeartbeatRequest(car.unit.leaseId(), 0)).live();
        if (!live) {
            double computed = seconds(car.unitStart, clock.instant());
            tally.compute(computed);
            tally.computedInputs((long) Math.min(car.unit.inputs().size(), Math.floor(computed * car.actualRate())));
            tally.outcome(CompleteResponse.LEASE_LOST, false);
            car.dropUnit();
            schedule(Duration.ZERO, SimEvent.Kind.POLL, car, null);
            return;
        }
        schedule(coordinator.leaseTtl().dividedBy(3), SimEvent.Kind.HEARTBEAT, car, null);
    }

    private void done(SimCar car, int generation) {
        if (generation != car.generation || !car.busy()) {
            return;
        }
        double computed = car.unit.inputs().size() / car.actualRate();
        tally.compute(computed);
        tally.computedInputs(car.unit.inputs().size());
        car.measuredRate = car.actualRate();
        double energyWh = computed * WATTS / 3600 * (car.inflates ? 50 : 1);
        CompleteRequest request = new CompleteRequest(car.unit.leaseId(), results(car, car.unit.inputs()),
                (long) (computed * 1000), energyWh);
        tally.expectUseful(request.leaseId(), computed);
        double roll = random.nextDouble();
        if (roll < config.lostRequestShare()) {
            schedule(RETRY_AFTER, SimEvent.Kind.RETRY_COMPLETE, car, request);
        } else if (roll < config.lostRequestShare() + config.lostResponseShare()) {
            tally.outcome(send(car, request), true);
            schedule(RETRY_AFTER, SimEvent.Kind.RETRY_COMPLETE, car, request);
        } else {
            String outcome = send(car, request);
            tally.outcome(outcome, true);
            if (random.nextDouble() < config.duplicateShare()) {
                tally.outcome(send(car, request), true);
            }
        }
        car.dropUnit();
        schedule(Duration.ZERO, SimEvent.Kind.POLL, car, null);
    }

    private String send(SimCar car, CompleteRequest request) {
        String outcome = coordinator.leases(car.id).complete(car.id, request).outcome();
        if (CompleteResponse.ACCEPTED.equals(outcome)) {
            tally.accepted(request.leaseId());
        }
        return outcome;
    }

    private void reap() {
        coordinator.expireLeasesEverywhere();
        coordinator.jobs().expireOverdue(clock.instant());
        schedule(REAP_EVERY, SimEvent.Kind.REAP, null, null);
    }

    private static List<InputResult> results(SimCar car, List<UnitInput> inputs) {
        String first = inputs.isEmpty() ? "" : inputs.getFirst().text();
        return inputs.stream().map(in -> new InputResult(in.index(), car.answer(first, in.text()))).toList();
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private void schedule(Duration after, SimEvent.Kind kind, SimCar car, Object payload) {
        queue.add(new SimEvent(clock.instant().plus(after), seq++, kind, car, car == null ? 0 : car.generation,
                payload));
    }
}
