package io.terafleet.sim.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The whole-fleet capacity simulator: how much inference a fleet of parked cars delivers by hour and region, once
 * driving, parking, plugging in and the owners' own policies (core's evaluator, tabulated) are counted.
 *
 * <p>Cars are split into fixed chunks, each with its own {@link Accumulator}, run on a pool of threads and merged in
 * chunk order: the result depends on the seed only. A first pass measures the eligible capacity per step; when
 * demand is below it somewhere, a second pass runs with each step's share of capacity that demand uses.
 */
public final class FleetSimulator {
    /** Told how far a run is; called from worker threads. */
    @FunctionalInterface
    public interface Listener {
        void progress(long carsDone, long carsTotal, int pass);

        Listener NONE = (done, total, pass) -> { };
    }

    private static final int MAX_CHUNKS = 512;
    /**
     * Above this many cars the capacity that demand is fitted to is planned on the first this-many cars alone
     * (cars are drawn independently, so they are a random sample), scaled up to the fleet: a step's capacity then
     * carries a sampling error of about 0.4% (300,000 opted-in cars), and the fleet is walked once instead of twice.
     */
    static final int PLANNING_SAMPLE_CARS = 1_000_000;
    /** Timelines are kept as objects: a trace is for small fleets compared with the real coordinator. */
    public static final int MAX_TRACED_CARS = 100_000;

    private FleetSimulator() {
    }

    public static FleetResult run(Scenario scenario, int cars, int days, long seed, Listener listener) {
        return run(scenario, cars, days, seed, listener, Runtime.getRuntime().availableProcessors());
    }

    public static FleetResult run(Scenario scenario, int cars, int days, long seed, Listener listener, int threads) {
        return run(scenario, cars, days, seed, listener, threads, null);
    }

    /**
     * Runs a small fleet on one thread with the same kernel, recording every car's eligible intervals: the input
     * for running the same day on the real coordinator ({@code CarSchedule.fromFleet} in the harness). Only for a
     * capacity-bound fleet (demand above capacity at every step), since the timelines say when a car may compute,
     * not whether demand thinned it out.
     *
     * @throws IllegalArgumentException when {@code cars} exceeds {@value #MAX_TRACED_CARS} or demand falls below
     *                                  capacity at some step
     */
    public static FleetTrace traceCars(Scenario scenario, int cars, int days, long seed) {
        if (cars > MAX_TRACED_CARS) {
            throw new IllegalArgumentException("cars: at most " + MAX_TRACED_CARS + " can be traced, was " + cars);
        }
        FleetModel model = new FleetModel(scenario, days);
        TimelineRecorder recorder = new TimelineRecorder(model);
        FleetResult result = run(scenario, cars, days, seed, Listener.NONE, 1, recorder);
        if (result.passes() > 1) {
            throw new IllegalArgumentException("demand: falls below the fleet's capacity at some step; a trace"
                    + " needs a capacity-bound fleet (raise demand.batchBacklogInferences)");
        }
        return new FleetTrace(model.start, Math.round(model.steps * model.stepSeconds),
                scenario.units().sizing(model.throughput[0]), recorder.timelines(), result);
    }

    private static FleetResult run(Scenario scenario, int cars, int days, long seed, Listener listener, int threads,
                                   TimelineRecorder recorder) {
        return run(scenario, cars, days, seed, listener, threads, recorder, false);
    }

    /**
     * The reference for the kernel's shortcuts: every car, opted in or not, goes through the step loop in every
     * pass. Gives the same result as {@link #run(Scenario, int, int, long, Listener, int)}, only slower.
     */
    static FleetResult runStepByStep(Scenario scenario, int cars, int days, long seed, int threads) {
        return run(scenario, cars, days, seed, Listener.NONE, threads, null, true);
    }

    private static FleetResult run(Scenario scenario, int cars, int days, long seed, Listener listener, int threads,
                                   TimelineRecorder recorder, boolean stepEveryCar) {
        return run(scenario, cars, days, seed, listener, threads, recorder, stepEveryCar, PLANNING_SAMPLE_CARS);
    }

    /** Tests only: a run with a planning sample of {@code sampleCars} (see {@link #PLANNING_SAMPLE_CARS}). */
    static FleetResult runWithPlanningSample(Scenario scenario, int cars, int days, long seed, int threads,
                                             int sampleCars) {
        return run(scenario, cars, days, seed, Listener.NONE, threads, null, false, sampleCars);
    }

    private static FleetResult run(Scenario scenario, int cars, int days, long seed, Listener listener, int threads,
                                   TimelineRecorder recorder, boolean stepEveryCar, int sampleCars) {
        if (cars < 1) {
            throw new IllegalArgumentException("cars: must be at least 1, was " + cars);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads: must be at least 1, was " + threads);
        }
        long started = System.nanoTime();
        FleetModel model = new FleetModel(scenario, days);
        PolicyTable table = new PolicyTable(model);
        CarPopulation pop = new CarPopulation(cars);
        int chunks = chunksFor(cars);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fleet-sim");
            t.setDaemon(true);
            return t;
        });
        try {
            forEachChunk(pool, threads, chunks, cars, (from, to, chunk) -> pop.draw(model, seed, from, to, new Rng()));
            Kernels kernels = new Kernels(model, table, pop, seed, recorder, stepEveryCar);
            if (cars > sampleCars) {
                return plannedOnSample(scenario, model, pop, pool, threads, kernels, sampleCars, listener, started);
            }
            Accumulator[] idle = new Accumulator[chunks];
            Accumulator[] first = pass(pool, threads, chunks, cars, kernels, null, idle, listener, 1, 1);
            Accumulator merged = merge(first, idle, model);
            double[] firstCapacity = merged.capacity;
            double[] util = DemandAllocator.utilisation(scenario.demand(), merged.capacity, model);
            int passes = 1;
            if (util != null) {
                merged = merge(pass(pool, threads, chunks, cars, kernels, util, null, listener, 2, 1), idle, model);
                passes = 2;
            }
            return ResultBuilder.build(model, pop, merged, firstCapacity, util, seed, passes,
                    (System.nanoTime() - started) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A big fleet: the capacity-bound pass runs on the first {@code sampleCars} cars only, its capacity scaled to
     * the fleet plans demand, and then every car runs once. When demand takes all capacity at every step, that one
     * pass runs as the first pass of a small fleet does and is the whole answer.
     */
    private static FleetResult plannedOnSample(Scenario scenario, FleetModel model, CarPopulation pop,
                                               ExecutorService pool, int threads, Kernels kernels, int sampleCars,
                                               Listener listener, long started) {
        // Few chunks, each keeping its capacity per stratum; their number depends on the sample only, not on the
        // threads, so the sums are added in the same order whatever the threads.
        int sampleChunks = Math.max(2, Math.min(64, sampleCars / 50_000));
        Accumulator[] sample = pass(pool, threads, sampleChunks, sampleCars, kernels, null, null, listener, 1,
                model.strata());
        double[] planned = SamplePlan.fleetCapacity(model, pop, sampleCars, sample);
        double[] util = DemandAllocator.utilisation(scenario.demand(), planned, model);
        int chunks = chunksFor(pop.cars);
        Accumulator[] idle = new Accumulator[chunks];
        Accumulator merged = merge(pass(pool, threads, chunks, pop.cars, kernels, util, idle, listener, 2, 1), idle,
                model);
        return ResultBuilder.build(model, pop, merged, util == null ? merged.capacity : planned, util,
                kernels.seed(), util == null ? 1 : 2, (System.nanoTime() - started) / 1e9);
    }

    private static int chunksFor(int cars) {
        return (int) Math.min(MAX_CHUNKS, Math.max(1, cars / 2_000));
    }

    private interface ChunkWork {
        void run(int from, int to, int chunk);
    }

    /** One kernel per worker thread, all alike. */
    private record Kernels(FleetModel model, CarPopulation pop, long seed, ThreadLocal<CarKernel> perThread) {
        Kernels(FleetModel model, PolicyTable table, CarPopulation pop, long seed, TimelineRecorder recorder,
                boolean stepEveryCar) {
            this(model, pop, seed, table, new StepTables(model, table), recorder, stepEveryCar);
        }

        private Kernels(FleetModel model, CarPopulation pop, long seed, PolicyTable table, StepTables jumps,
                        TimelineRecorder recorder, boolean stepEveryCar) {
            this(model, pop, seed, ThreadLocal.withInitial(() -> {
                CarKernel kernel = new CarKernel(model, table, jumps, pop,
                        model.scenario.units().sizing(model.throughput[0]), seed, recorder);
                kernel.stepEveryCar = stepEveryCar;
                return kernel;
            }));
        }
    }

    /**
     * Runs the first {@code cars} cars once. With {@code idle} set (the first pass over the whole fleet), the counts
     * of cars whose owners did not opt in go there, one accumulator per chunk; otherwise those cars are skipped
     * (a later pass: their counts do not change; a planning sample: they add no capacity). Capacity is kept per
     * car stratum when {@code strata} is above 1 (a planning sample).
     */
    private static Accumulator[] pass(ExecutorService pool, int threads, int chunks, int cars, Kernels kernels,
                                      double[] util, Accumulator[] idle, Listener listener, int passNumber,
                                      int strata) {
        FleetModel model = kernels.model();
        Accumulator[] accs = new Accumulator[chunks];
        AtomicLong done = new AtomicLong();
        forEachChunk(pool, threads, chunks, cars, (from, to, chunk) -> {
            Accumulator acc = new Accumulator(model.days * 24 * model.regions.length, model.steps, strata);
            Accumulator idleAcc = null;
            if (idle != null) {
                idleAcc = new Accumulator(model.days * 24 * model.regions.length, model.steps);
                idle[chunk] = idleAcc;
            }
            CarKernel kernel = kernels.perThread().get();
            for (int car = from; car < to; car++) {
                kernel.run(car, util, acc, idleAcc);
                if ((car & 0x3FFF) == 0x3FFF) {
                    listener.progress(done.addAndGet(0x4000), cars, passNumber);
                }
            }
            accs[chunk] = acc;
        });
        listener.progress(cars, cars, passNumber);
        return accs;
    }

    private static void forEachChunk(ExecutorService pool, int threads, int chunks, int cars, ChunkWork work) {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                    int from = (int) ((long) cars * c / chunks);
                    int to = (int) ((long) cars * (c + 1) / chunks);
                    work.run(from, to, c);
                }
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /**
     * Sums the chunks in chunk order, then the idle counts (whole numbers only, so their order does not matter):
     * the result does not depend on which thread ran which chunk.
     */
    private static Accumulator merge(Accumulator[] accs, Accumulator[] idle, FleetModel model) {
        Accumulator total = new Accumulator(model.days * 24 * model.regions.length, model.steps);
        for (Accumulator a : accs) {
            total.add(a);
        }
        for (Accumulator a : idle) {
            total.addCounts(a);
        }
        return total;
    }
}
