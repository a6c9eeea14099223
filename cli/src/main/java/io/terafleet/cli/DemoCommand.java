package io.terafleet.cli;

import io.terafleet.agentdist.ModelCacheOption;
import io.terafleet.agentdist.ExitScope;
import io.terafleet.agent.Agent;
import io.terafleet.agent.AgentConfig;
import io.terafleet.agent.inference.Embedder;
import io.terafleet.agent.inference.Embedders;
import io.terafleet.agent.signals.SimulatedParkedCar;
import io.terafleet.agent.work.AgentStats;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.service.CarService;
import io.terafleet.core.api.JobStatus;
import io.terafleet.core.model.ModelCatalog;
import io.terafleet.core.policy.OwnerPolicy;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code terafleet demo}: a coordinator on an embedded H2 store and a fleet of simulated parked
 * cars in one JVM, running a real batch of sentence embeddings end to end.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a coordinator and N simulated parked cars in one JVM and embed a real corpus through them.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--cars", defaultValue = "4", description = "Simulated cars (default: ${DEFAULT-VALUE})")
    int cars;

    @Option(names = "--sentences", defaultValue = "2000", description = "Sentences to embed (default: ${DEFAULT-VALUE})")
    int sentences;

    @Option(names = "--model", defaultValue = ModelCatalog.DEFAULT_MODEL, description = "Model (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--unit-size", defaultValue = "64", description = "Inputs per work unit (default: ${DEFAULT-VALUE})")
    int unitSize;

    @Option(names = "--batch-size", defaultValue = "8", description = "Inputs per inference call (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--out", defaultValue = "demo-results.jsonl", description = "Results file (default: ${DEFAULT-VALUE})")
    Path resultsFile;

    @Option(names = "--console", description = "Also serve the web console: print its address with a signed-in link"
            + " per role (owner, customer, operator) and keep running until stopped (Ctrl-C)")
    boolean console;

    @Mixin
    ModelCacheOption modelCache = new ModelCacheOption();

    @Override
    public Integer call() throws Exception {
        if (cars < 1 || sentences < 1) {
            throw CommandFailure.badUsage("--cars and --sentences must be at least 1");
        }
        ExitScope.loadOnnxRuntime();
        try (ExitScope scope = ExitScope.open()) {
            return run(scope);
        }
    }

    private int run(ExitScope scope) throws Exception {
        PrintStream out = System.out;
        Path dataDir = scope.temporaryFolder("terafleet-demo-");
        String token = CarService.newSecret();
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dataDir), List.of(token))
                .withPort(0).withUnitSize(unitSize);
        Path cache = modelCache.path();
        out.printf("Terafleet demo: %d parked, plugged-in cars; %d sentences; model %s%n", cars, sentences, model);
        out.println("store: H2 at " + dataDir);
        // Keys generated per run: the demo needs no flags, and its OpenAI-compatible API is usable while it runs.
        String apiKey = io.terafleet.coordinator.tenants.TenantService.newKey();
        String operatorKey = io.terafleet.coordinator.tenants.TenantService.newKey().replace("sk-tf-", "op-tf-");
        var cloud = EmbeddedCloud.config(config.database())
                .withDefaultTenantKeys(List.of(apiKey))
                .withOperatorKeys(List.of(operatorKey));
        Coordinator coordinator = scope.add(Coordinator.start(config, cloud, Clock.systemUTC()));
        DemoConsole web = console ? new DemoConsole(coordinator, operatorKey) : null;
        String enrollWith = web == null ? token : web.ownerGrant(cars); // with the console, one owner has every car
        Fleet fleet = scope.add(Fleet.start(coordinator, enrollWith, cars, model, batchSize, cache, out));
        {
            out.println("OpenAI-compatible API while the demo runs: base_url=" + coordinator.uri() + "/v1 api_key=" + apiKey);
            if (web != null) {
                web.printLinks(apiKey, out);
            }
            Path input = dataDir.resolve("input.jsonl");
            Files.write(input, JsonlFiles.lines(SampleCorpus.take(sentences)));
            var client = new JobClient(coordinator.uri());
            long start = System.nanoTime();
            JobStatus submitted = client.submitFile(input, model);
            out.printf("submitted job %s (%d inputs, %d units)%n", submitted.id(), submitted.total(),
                    (submitted.total() + unitSize - 1) / unitSize);
            JobStatus done = JobProgress.follow(() -> coordinator.jobs().status(submitted.id()).orElseThrow(),
                    out, Duration.ofMillis(2000));
            double seconds = (System.nanoTime() - start) / 1e9;
            Path results = resultsFile.toAbsolutePath();
            client.downloadResults(submitted.id(), results);
            new DemoSummary(done, seconds, fleet.stats(), results).print(out);
            DemoGeneration.show(coordinator, apiKey, out);
            if (done.failed() > 0) {
                throw CommandFailure.failed(done.failed() + " of " + done.total() + " input(s) failed; see the"
                        + " summary above and the log for why");
            }
            if (web != null) {
                web.printLinks(apiKey, out);
                DemoConsole.runUntilStopped(out);
            }
            return 0;
        }
    }

    /** The demo's cars: each with its own embedder (one ONNX Runtime thread) and agent. */
    static final class Fleet implements AutoCloseable {
        private final List<Agent> agents;

        private Fleet(List<Agent> agents) {
            this.agents = agents;
        }

        /** The demo's simulated owners have opted in; everything else is the owner defaults. */
        static final OwnerPolicy DEMO_POLICY = OwnerPolicy.builder().optedIn(true).build();

        static Fleet start(Coordinator coordinator, String token, int cars, String model, int batchSize, Path cache,
                           PrintStream out) {
            out.printf("loading %s on %d cars ...%n", model, cars);
            List<Embedder> embedders = new ArrayList<>();
            // Open and warm every model up front: a real car's session stays open across units, so the
            // measured run should be inference, not start-up.
            List<String> warmUp = SampleCorpus.all().reversed().subList(0, 2 * batchSize);
            for (int i = 0; i < cars; i++) {
                Embedder embedder = Embedders.open(model, cache, 1);
                embedder.embedInBatches(warmUp, batchSize);
                embedders.add(embedder);
            }
            List<Agent> agents = new ArrayList<>();
            for (int i = 0; i < cars; i++) {
                Embedder embedder = embedders.get(i);
                var base = AgentConfig.defaults(coordinator.uri(), token, String.format("car-%02d", i + 1));
                List<String> models = new ArrayList<>(List.of(model));
                models.addAll(DemoGeneration.models()); // the cars also carry the catalog's generative models
                var config = new AgentConfig(base.coordinator(), token, base.carName(), "HW3", models,
                        batchSize, Duration.ofSeconds(5), Duration.ofMillis(200), DEMO_POLICY);
                agents.add(new Agent(config, new SimulatedParkedCar(Clock.systemUTC(), 80), m -> embedder,
                        Clock.systemUTC()).start());
            }
            return new Fleet(agents);
        }

        List<DemoSummary.CarStats> stats() {
            return agents.stream().map(a -> new DemoSummary.CarStats(a.name(), a.stats())).toList();
        }

        @Override
        public void close() {
            agents.parallelStream().forEach(Agent::close);
        }
    }
}
