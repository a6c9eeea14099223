package io.terafleet.cli;

import io.terafleet.agent.Agent;
import io.terafleet.agent.AgentConfig;
import io.terafleet.agent.inference.Embedders;
import io.terafleet.agent.signals.SimulatedParkedCar;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code terafleet agent}: one car's agent as its own process. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run one car's agent: enroll, lease work, run real inference, complete.")
final class AgentCommand implements Callable<Integer> {
    @Option(names = "--coordinator", required = true, description = "Coordinator base URL, e.g. http://127.0.0.1:8080")
    URI coordinator;

    @Option(names = "--token", required = true, description = "Enrollment token from the operator")
    String token;

    @Option(names = "--name", description = "Car name (default: car-<pid>)")
    String name;

    @Option(names = "--hardware", defaultValue = "HW3", description = "Hardware class (default: ${DEFAULT-VALUE})")
    String hardware;

    @Option(names = "--models", split = ",", description = "Models this car runs (default: all built-in)")
    List<String> models = List.of();

    @Option(names = "--batch-size", defaultValue = "8", description = "Inputs per inference call (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--model-cache", description = "Where model files are kept (default: ~/.terafleet/models)")
    Path modelCache;

    @Override
    public Integer call() throws InterruptedException {
        String carName = name != null ? name : "car-" + ProcessHandle.current().pid();
        var base = AgentConfig.defaults(coordinator, token, carName);
        var config = new AgentConfig(coordinator, token, carName, hardware, models, batchSize, base.leaseWait(),
                Duration.ofMillis(500), true);
        Path cache = modelCache != null ? modelCache : Embedders.defaultCacheDir();
        var agent = new Agent(config, new SimulatedParkedCar(Clock.systemUTC(), 80),
                model -> Embedders.open(model, cache, 1), Clock.systemUTC()).start();
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }));
        System.out.println("agent " + carName + " working for " + coordinator + " (Ctrl-C to stop)");
        stopped.await();
        return 0;
    }
}
