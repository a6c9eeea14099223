package io.terafleet.bench;

import io.terafleet.core.scheduling.CarProfile;
import io.terafleet.core.scheduling.HardwareClass;
import io.terafleet.core.scheduling.ModelRequirements;
import io.terafleet.core.scheduling.PriorityClass;
import io.terafleet.core.scheduling.QueuedWork;
import io.terafleet.core.scheduling.Scheduler;
import io.terafleet.core.scheduling.SchedulingPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The scheduler's decision cost per lease request: rank {@code jobs} active jobs of {@code tenants} tenants (mixed
 * priority, deadlines, models) for one car with a departure. The store's queries are measured separately.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SchedulerBenchmark {
    @Param({"10", "100", "1000"})
    int jobs;

    @Param({"10"})
    int tenants;

    private final Scheduler scheduler = new Scheduler(SchedulingPolicy.DEFAULT);
    private final Instant now = Instant.parse("2026-03-02T12:00:00Z");
    private List<QueuedWork> queue;
    private Map<String, Long> live;
    private CarProfile car;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        queue = new ArrayList<>(jobs);
        live = new HashMap<>();
        String[] models = {"all-minilm-l6-v2", "all-minilm-l6-v2-q", "bge-small-en-v1.5"};
        for (int j = 0; j < jobs; j++) {
            String tenant = "tenant-" + random.nextInt(tenants);
            Instant deadline = random.nextBoolean() ? now.plus(Duration.ofMinutes(random.nextInt(48 * 60))) : null;
            PriorityClass p = random.nextInt(10) == 0 ? PriorityClass.ONLINE : PriorityClass.BATCH;
            queue.add(new QueuedWork("job-" + j, tenant, p, deadline, now.minusSeconds(random.nextInt(86_400)),
                    models[random.nextInt(models.length)], ModelRequirements.NONE, 1 + random.nextInt(10_000),
                    1 + random.nextInt(3)));
            live.merge(tenant, (long) random.nextInt(1_000), Long::sum);
        }
        car = new CarProfile("car-1", HardwareClass.HW3, Set.of(), Set.of("all-minilm-l6-v2"), 120.0, 1_800L, false);
    }

    @Benchmark
    public Scheduler.Decision decide() {
        return scheduler.decide(car, queue, live, 10_000, now);
    }
}
