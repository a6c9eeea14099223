package io.terafleet.cli;

import io.terafleet.agentdist.ModelCacheOption;
import io.terafleet.agentdist.ExitScope;
import io.terafleet.agent.Agent;
import io.terafleet.agent.AgentConfig;
import io.terafleet.agent.inference.Embedders;
import io.terafleet.agent.work.Preemption;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.service.CarService;
import io.terafleet.core.api.JobStatus;
import io.terafleet.core.model.ModelCatalog;
import io.terafleet.core.policy.OwnerPolicy;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code terafleet bench-preempt}: how fast a car stops when it is needed. One car with real inference against an
 * in-process coordinator; each trial unplugs it while a unit runs and measures from the unplug to the inference
 * stopping and to the coordinator acknowledging the release (the rest of the unit is then queued again).
 */
@Command(name = "bench-preempt", mixinStandardHelpOptions = true,
        description = "Measure signal change -> inference stopped and -> release acknowledged, p50/p99 over N trials.")
final class PreemptBenchCommand implements Callable<Integer> {
    private static final int UNIT_INPUTS = 64;

    @Option(names = "--trials", defaultValue = "50", description = "Preemptions to measure (default: ${DEFAULT-VALUE})")
    int trials;

    @Option(names = "--batch-size", defaultValue = "16", description = "Inputs per inference call (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the unplug delays (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    ModelCacheOption modelCache = new ModelCacheOption();

    @Override
    public Integer call() throws Exception {
        if (trials < 1 || trials > 1000) {
            throw CommandFailure.badUsage("--trials must be within 1..1000 (the agent keeps its last 1000)");
        }
        ExitScope.loadOnnxRuntime();
        try (ExitScope scope = ExitScope.open()) {
            return run(scope);
        }
    }

    private int run(ExitScope scope) throws Exception {
        PrintStream out = System.out;
        Path dataDir = scope.temporaryFolder("terafleet-bench-preempt-");
        String token = CarService.newSecret();
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dataDir), List.of(token))
                .withPort(0).withUnitSize(UNIT_INPUTS).withLeaseTtl(Duration.ofSeconds(5));
        Path cache = modelCache.path();
        var car = new SwitchedCar(Clock.systemUTC());
        Coordinator coordinator = scope.add(Coordinator.start(config, EmbeddedCloud.config(config.database()),
                Clock.systemUTC()));
        Agent agent = scope.add(startAgent(coordinator, token, car, cache));
        {
            var trialsRun = new Trials(coordinator, agent, car, new Random(seed));
            List<long[]> samples = trialsRun.run(trials, out);
            report(samples, out);
            if (samples.isEmpty()) {
                throw CommandFailure.failed("no preemption measured: every unit ended before its unplug; try a"
                        + " smaller --batch-size or more --trials");
            }
            return 0;
        }
    }

    private Agent startAgent(Coordinator coordinator, String token, SwitchedCar car, Path cache) {
        var policy = OwnerPolicy.builder().optedIn(true).build();
        var config = new AgentConfig(coordinator.uri(), token, "bench-car", "HW3",
                List.of(ModelCatalog.DEFAULT_MODEL), batchSize, Duration.ofSeconds(2), Duration.ofMillis(20), policy);
        return new Agent(config, car, model -> Embedders.open(model, cache, 1), Clock.systemUTC()).start();
    }

    /** The trials: wait for a unit to run, unplug after a random delay, measure, plug in again. */
    private record Trials(Coordinator coordinator, Agent agent, SwitchedCar car, Random random) {
        List<long[]> run(int count, PrintStream out) throws Exception {
            var jobs = new JobClient(coordinator.uri());
            warmUp(jobs, out);
            List<long[]> samples = new ArrayList<>();
            String jobId = null;
            int misses = 0;
            while (samples.size() < count && misses < count) {
                if (jobId == null || jobs.status(jobId).finishedAt() != null) {
                    jobId = jobs.submit(unitOfLongTexts(), ModelCatalog.DEFAULT_MODEL).id();
                }
                if (!awaitRunning(jobs, jobId)) {
                    misses++;
                    continue;
                }
                Thread.sleep(20 + random.nextInt(150));
                int before = agent.preemptions().size();
                long unplugged = System.nanoTime();
                car.plug(false);
                Preemption stop = awaitPreemption(before);
                car.plug(true);
                if (stop == null) {
                    misses++; // the unit finished before the unplug: nothing to measure
                    continue;
                }
                samples.add(new long[] {stop.inferenceStoppedNanos() - unplugged,
                        stop.releaseAckedNanos() < 0 ? -1 : stop.releaseAckedNanos() - unplugged,
                        stop.abortedInference() ? 1 : 0});
            }
            out.printf("%d preemptions measured, %d trials missed a running unit%n", samples.size(), misses);
            return samples;
        }

        /** One unit run to its end first: the car opens its model then, not during a measured trial. */
        private void warmUp(JobClient jobs, PrintStream out) throws Exception {
            String jobId = jobs.submit(unitOfLongTexts(), ModelCatalog.DEFAULT_MODEL).id();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (jobs.status(jobId).finishedAt() == null) {
                if (System.nanoTime() > deadline) {
                    throw CommandFailure.failed("the car did not finish a warm-up unit in 3 minutes; is the machine"
                            + " overloaded?");
                }
                Thread.sleep(50);
            }
            out.println("car warmed up: one unit computed before measuring");
        }

        private boolean awaitRunning(JobClient jobs, String jobId) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                JobStatus status = jobs.status(jobId);
                if (status.running() > 0) {
                    return true;
                }
                if (status.finishedAt() != null) {
                    return false;
                }
                Thread.sleep(5);
            }
            return false;
        }

        /** The unit's release, or null when none comes (the unit had ended before the unplug). */
        private Preemption awaitPreemption(int before) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < deadline) {
                List<Preemption> all = agent.preemptions();
                if (all.size() > before) {
                    return all.get(before);
                }
                Thread.sleep(2);
            }
            return null;
        }
    }

    /** One unit of the corpus's longest sentences, so that inference calls are long enough to be caught mid-run. */
    private static HttpRequest.BodyPublisher unitOfLongTexts() {
        List<String> texts = SampleCorpus.all().stream().sorted(Comparator.comparingInt(String::length).reversed())
                .limit(UNIT_INPUTS).toList();
        return HttpRequest.BodyPublishers.ofString(String.join("\n", JsonlFiles.lines(texts)) + "\n",
                StandardCharsets.UTF_8);
    }

    private static void report(List<long[]> samples, PrintStream out) {
        if (samples.isEmpty()) {
            out.println("no preemption measured");
            return;
        }
        long aborted = samples.stream().filter(s -> s[2] == 1).count();
        out.printf("%d of %d stops aborted an ONNX Runtime call in flight; the rest stopped between batches%n",
                aborted, samples.size());
        long[] stopped = samples.stream().mapToLong(s -> s[0]).sorted().toArray();
        long[] acked = samples.stream().mapToLong(s -> s[1]).filter(n -> n >= 0).sorted().toArray();
        if (acked.length == 0) {
            out.println("no release was acknowledged");
            return;
        }
        out.printf("signal change -> inference stopped:    p50 %7.1f ms   p99 %7.1f ms   max %7.1f ms%n",
                ms(percentile(stopped, 50)), ms(percentile(stopped, 99)), ms(stopped[stopped.length - 1]));
        out.printf("signal change -> release acknowledged: p50 %7.1f ms   p99 %7.1f ms   max %7.1f ms (%d of %d)%n",
                ms(percentile(acked, 50)), ms(percentile(acked, 99)), ms(acked[acked.length - 1]), acked.length,
                samples.size());
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
