package io.terafleet.sim.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** Runs many seeds, each independent and deterministic, on a few threads; reports come back in seed order. */
public final class SimulationSweep {
    private SimulationSweep() {
    }

    public static List<SimReport> run(long firstSeed, int count, HarnessConfig config, int threads,
                                      Consumer<SimReport> onEach) {
        return run(firstSeed, count, config, Adversity.NONE, threads, onEach);
    }

    public static List<SimReport> run(long firstSeed, int count, HarnessConfig config, Adversity adversity,
                                      int threads, Consumer<SimReport> onEach) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<SimReport>> futures = new ArrayList<>(count);
            for (long seed = firstSeed; seed < firstSeed + count; seed++) {
                long s = seed;
                futures.add(pool.submit(() -> DeterministicSimulation.run(s, config, adversity)));
            }
            List<SimReport> reports = new ArrayList<>(count);
            for (Future<SimReport> future : futures) {
                SimReport report = future.get();
                onEach.accept(report);
                reports.add(report);
            }
            return reports;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a seed crashed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
