package io.terafleet.cli;

import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.Database;
import io.terafleet.coordinator.service.CarService;
import io.terafleet.core.model.ModelCatalog;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code terafleet bench-control-plane}: the coordinator's lease/complete path over HTTP with N fake cars that
 * return results of the right shape, against a bare {@code FOR UPDATE SKIP LOCKED} queue on the same store and pool
 * settings, in one run; the queue is kept at its depth throughout. With {@code --idle-cars} it measures instead
 * what connected idle cars cost one coordinator (see {@link IdleCarsBench}).
 */
@Command(name = "bench-control-plane", mixinStandardHelpOptions = true,
        description = "Coordinator lease/complete over HTTP vs a bare SKIP LOCKED queue on the same store.")
final class ControlPlaneBenchCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--store", defaultValue = "h2", description = "h2 or postgres (default: ${DEFAULT-VALUE})")
    String store;

    @Option(names = "--postgres-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/",
            description = "PostgreSQL server; a fresh database is made and dropped (default: ${DEFAULT-VALUE})")
    String postgresUrl;

    @Option(names = "--postgres-user", defaultValue = "postgres", description = "(default: ${DEFAULT-VALUE})")
    String postgresUser;

    @Option(names = "--postgres-password", defaultValue = "", description = "(default: empty)")
    String postgresPassword;

    @Option(names = "--cars", defaultValue = "64", description = "Fake cars leasing at once (default: ${DEFAULT-VALUE})")
    int cars;

    @Option(names = "--unit-size", defaultValue = "1", description = "Inputs per unit (default: ${DEFAULT-VALUE})")
    int unitSize;

    @Option(names = "--queued", defaultValue = "1000",
            description = "Inputs kept queued throughout (default: ${DEFAULT-VALUE})")
    int queued;

    @Option(names = "--batch", defaultValue = "16", description = "Units each car leases per call and completes per"
            + " call (complete-batch); 1: one unit per lease and per complete, as an older agent (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--no-pipeline", description = "With --batch above 1: lease and complete-batch as two calls per"
            + " batch, instead of one complete-batch call that also brings the next lease")
    boolean noPipeline;

    @Option(names = "--dimensions", defaultValue = "384", description = "Floats per result (default: ${DEFAULT-VALUE})")
    int dimensions;

    @Option(names = "--seconds", defaultValue = "20", description = "Measured seconds per side (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "5", description = "(default: ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--pool-size", defaultValue = "16",
            description = "Store connections, the same for both sides (default: ${DEFAULT-VALUE})")
    int poolSize;

    @Option(names = "--idle-cars", defaultValue = "0",
            description = "Instead: this many connected idle cars at the agent's cadence, then a new job's first lease")
    int idleCars;

    @Option(names = "--bus", description = "Instead: round trips and event throughput of NATS (at --nats-url) and"
            + " PostgreSQL LISTEN/NOTIFY (at --postgres-url), the engines that could link coordinators")
    boolean bus;

    @Option(names = "--nats-url", defaultValue = "nats://127.0.0.1:4222", description = "(default: ${DEFAULT-VALUE})")
    String natsUrl;

    @Override
    public Integer call() throws Exception {
        if (bus) {
            int events = Math.clamp(seconds * 25_000L, 1_000, 100_000); // 100,000 from --seconds 4 on
            var bench = new BusBench(Math.max(100, seconds * 500), events);
            System.out.printf("cluster bus engines: %,d round trips one at a time, then %,d events%n",
                    Math.max(100, seconds * 500), events);
            bench.nats(natsUrl);
            bench.postgres(postgresUrl + "postgres", postgresUser, postgresPassword);
            return 0;
        }
        require(cars >= 1, "--cars", "must be at least 1");
        require(unitSize >= 1 && unitSize <= 1000, "--unit-size", "must be within 1..1000");
        require(queued >= unitSize, "--queued", "must be at least the unit size");
        require(seconds >= 1 && warmupSeconds >= 0, "--seconds", "must be at least 1");
        require(dimensions >= 1, "--dimensions", "must be at least 1");
        require(batch >= 1 && batch <= 16, "--batch", "must be within 1..16");
        String token = CarService.newSecret();
        try (BenchStore bench = BenchStore.create(store, postgresUrl, postgresUser, postgresPassword, poolSize)) {
            var config = CoordinatorConfig.defaults(bench.config(), List.of(token)).withPort(0).withUnitSize(unitSize);
            if (idleCars > 0) {
                try (Coordinator coordinator = Coordinator.start(config, Clock.systemUTC())) {
                    new IdleCarsBench(coordinator, token, ModelCatalog.DEFAULT_MODEL, bench.config()).run(idleCars,
                            Duration.ofSeconds(seconds));
                }
                return 0;
            }
            System.out.printf("control plane: store %s, %d cars, unit size %d, %,d inputs queued, %d floats per"
                    + " result, %d s measured after %d s warm-up, pool %d, batch %d%s%n", store, cars, unitSize, queued,
                    dimensions, seconds, warmupSeconds, poolSize, batch,
                    batch > 1 ? (noPipeline ? ", lease and complete apart" : ", pipelined") : "");
            FakeCarFleet.Result fleet;
            StoreCounters counters;
            try (Coordinator coordinator = Coordinator.start(config, Clock.systemUTC())) {
                counters = StoreCounters.start(bench);
                fleet = new FakeCarFleet(coordinator, token, ModelCatalog.DEFAULT_MODEL, dimensions, batch,
                        !noPipeline)
                        .run(cars, queued, Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(seconds));
                counters.printStatements(fleet.allUnits());
            }
            counters.printTransactions(fleet.allUnits());
            double bare;
            try (Database database = Database.open(bench.config())) {
                var loop = new BareQueueLoop(database);
                loop.fill(Math.max(1, queued / unitSize));
                bare = loop.run(cars, Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(seconds));
            }
            // Pipelined, a lease is the complete-batch call that brings the next units: its time is what is shown.
            System.out.printf("  coordinator (HTTP lease + complete): %,10.0f units/s %,10.0f inputs/s   lease p50 %.1f ms"
                    + "  p99 %.1f ms  (%,d %s)%n", fleet.unitsPerSecond(), fleet.inputsPerSecond(),
                    fleet.leaseP50Millis(), fleet.leaseP99Millis(), fleet.leases(),
                    batch > 1 && !noPipeline ? "complete-and-lease calls" : "leases");
            System.out.printf("  bare SKIP LOCKED claim + done:       %,10.0f units/s%n", bare);
            System.out.printf("  coordinator / bare: %.2f   (%,d errors on the coordinator side)%n",
                    fleet.unitsPerSecond() / bare, fleet.errors());
        }
        return 0;
    }

    private void require(boolean ok, String option, String message) {
        if (!ok) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + ": " + message);
        }
    }
}
