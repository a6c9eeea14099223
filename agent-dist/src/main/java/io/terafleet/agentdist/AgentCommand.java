package io.terafleet.agentdist;

import io.terafleet.agent.Agent;
import io.terafleet.agent.AgentConfig;
import io.terafleet.agent.OnlineOptions;
import io.terafleet.agent.inference.Embedders;
import io.terafleet.agent.policy.OwnerPolicyFile;
import io.terafleet.core.policy.OwnerPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code terafleet agent}: one car's agent as its own process. Without {@code --policy} the owner has not opted
 * in (the policy defaults), so the agent enrolls and waits, saying so, until it is restarted with a policy.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, subcommands = ExplainCommand.class,
        description = "Run one car's agent: enroll, lease work while the owner policy allows, run real inference.")
public final class AgentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    // Not picocli-required, so that `agent explain` needs neither; checked in call().
    @Option(names = "--coordinator", description = "Coordinator base URL, e.g. http://127.0.0.1:8080 (required)")
    URI coordinator;

    @Option(names = "--token", description = "Enrollment token from the operator (required)")
    String token;

    @Option(names = "--name", description = "Car name (default: car-<pid>)")
    String name;

    @Option(names = "--hardware", defaultValue = "HW3", description = "Hardware class (default: ${DEFAULT-VALUE})")
    String hardware;

    @Option(names = "--models", split = ",", description = "Models this car runs (default: all built-in)")
    List<String> models = List.of();

    @Option(names = "--batch-size", defaultValue = "8", description = "Inputs per inference call (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--ca-cert", description = "CA certificate (PEM) that must have issued the HTTPS coordinator's"
            + " certificate: the car trusts nothing else (default: the JDK's public roots)")
    java.nio.file.Path caCert;

    @Option(names = "--spool-dir", description = "Where the car keeps its enrollment and unanswered completions, "
            + "resent on restart (default: ~/.terafleet/cars/<name>)")
    Path spoolDir;

    @Mixin
    ModelCacheOption modelCache = new ModelCacheOption();

    @Option(names = "--policy", description = "Owner policy JSON file (default: the owner defaults, which are "
            + "NOT opted in: the agent then waits and does no work)")
    Path policyFile;

    @ArgGroup(exclusive = false)
    SignalOptions signals = new SignalOptions();

    @Override
    public Integer call() throws InterruptedException, IOException {
        if (coordinator == null || token == null) {
            throw new ParameterException(spec.commandLine(), "--coordinator and --token are required to run an agent");
        }
        try {
            return run(policyFile == null ? OwnerPolicy.defaults() : OwnerPolicyFile.load(policyFile));
        } catch (IllegalArgumentException e) {
            // A bad policy file, hardware class or signal option: name it, no stack trace.
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private int run(OwnerPolicy policy) throws InterruptedException, IOException {
        if (!policy.optedIn()) {
            System.out.println("the owner has not opted in" + (policyFile == null ? " (no --policy given)" : "")
                    + ": this car will do no work; give --policy with \"optedIn\": true to lend it");
        }
        String carName = name != null ? name : "car-" + ProcessHandle.current().pid();
        var base = AgentConfig.defaults(coordinator, token, carName);
        var config = new AgentConfig(coordinator, token, carName, hardware, models, batchSize, base.leaseWait(),
                Duration.ofMillis(500), policy, spoolDir != null ? spoolDir : AgentConfig.defaultSpoolDir(carName),
                caCert);
        Path cache = modelCache.path();
        ExitScope.loadOnnxRuntime();
        var source = signals.open(carName, Clock.systemUTC());
        // Ctrl-C or SIGTERM closes the scope (the agent, then its signal source) before the process exits.
        ExitScope scope = ExitScope.open();
        scope.add((AutoCloseable) source::close);
        // Models this jar does not carry (the distribution carries none) are downloaded under the same cache.
        scope.add(new Agent(config, source.signals(), model -> Embedders.open(model, cache, 1),
                Clock.systemUTC(), OnlineOptions.defaults(cache))).start();
        System.out.println("agent " + carName + " working for " + coordinator + " on " + source.description()
                + " (Ctrl-C to stop)");
        new CountDownLatch(1).await(); // until a signal ends the process
        return 0;
    }
}
