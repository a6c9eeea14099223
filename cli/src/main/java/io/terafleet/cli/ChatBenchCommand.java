package io.terafleet.cli;

import io.terafleet.agentdist.ModelCacheOption;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.agent.Agent;
import io.terafleet.agent.AgentConfig;
import io.terafleet.agent.OnlineOptions;
import io.terafleet.agent.signals.SimulatedParkedCar;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.service.CarService;
import io.terafleet.core.model.ModelCatalog;
import io.terafleet.generation.BuiltInGenerationModels;
import io.terafleet.generation.EngineOptions;
import io.terafleet.generation.GenerationBenchmark;
import io.terafleet.generation.GenerationEngine;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code terafleet bench-chat}: a car's generation through the fleet against the same engine called directly. One
 * coordinator and one car in this JVM on loopback; the direct run uses the car's engine settings (threads and
 * batch) on the same model, prompts, seeds and concurrency. Reports tokens/s of both, their ratio, and mean time
 * to first token of both (their difference is what the coordinator and the car's streaming add).
 */
@Command(name = "bench-chat", mixinStandardHelpOptions = true,
        description = "Streamed completions through coordinator and car vs the same engine in process: tokens/s and time to first token.")
final class ChatBenchCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "kjv-gpt", description = "Built-in text-generation model (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--model-dir", description = "A model folder (model.onnx, tokenizer.json, generation.json) instead")
    Path modelDir;

    @Option(names = "--concurrency", defaultValue = "4", description = "Requests in flight (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--requests", defaultValue = "48", description = "Generations per run (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--max-tokens", defaultValue = "48", description = "Tokens per generation at most (default: ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--rounds", defaultValue = "3", description = "Direct and fleet runs, alternated (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--batch", description = "Send each run's generations as one batch (leased generation units on"
            + " the car, decoded together) instead of streamed requests; the direct run then keeps as many in flight"
            + " as the engine decodes together")
    boolean batch;

    @Option(names = "--check-share", defaultValue = "0", description = "With --batch: the share of completed units held"
            + " for a teacher-forced check by a second car (trusted, of another owner); each round then also runs the"
            + " batch with checks off, and reports how many units and answers were checked (default: ${DEFAULT-VALUE})")
    double checkShare;

    @Mixin
    ModelCacheOption modelCache = new ModelCacheOption();

    static final List<String> PROMPTS = List.of("In the beginning", "And God said", "The LORD is my shepherd",
            "Blessed are the meek", "And it came to pass", "Thus saith the LORD");

    @Override
    public Integer call() throws Exception {
        Path dir = modelDir != null ? modelDir : BuiltInGenerationModels.extract(model, modelCache.path().resolve("generation"));
        EngineOptions options = EngineOptions.defaults(); // what a car runs
        try (io.terafleet.agentdist.ExitScope scope = io.terafleet.agentdist.ExitScope.open()) {
            // The store and the car's models go with the run, also on Ctrl-C.
            return run(dir, options, scope.temporaryFolder("terafleet-bench-chat-"));
        }
    }

    private int run(Path dir, EngineOptions options, Path data) throws Exception {
        String token = CarService.newSecret();
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(data), List.of(token)).withPort(0);
        try (Coordinator coordinator = Coordinator.start(config, Clock.systemUTC())) {
            String name;
            try (GenerationEngine probe = GenerationEngine.open(dir, options)) {
                name = modelDir != null ? probe.info().name() : model;
                if (ModelCatalog.findGenerative(name).isEmpty()) {
                    coordinator.cloud().registry().declareGeneration(name, null, probe.info().contextLength());
                }
            }
            OnlineOptions online = OnlineOptions.defaults(modelCache.path()).withModelDir(data.resolve("car-models"))
                    .withGenerationModel(name, dir);
            try (Agent car = new Agent(new AgentConfig(coordinator.uri(), token, "bench-car", "HW3", List.of(name), 8,
                    Duration.ofSeconds(20), Duration.ofMillis(100), DemoCommand.Fleet.DEMO_POLICY),
                    new SimulatedParkedCar(Clock.systemUTC(), 80), m -> {
                        throw new IllegalStateException("no embeddings in this benchmark");
                    }, Clock.systemUTC(), online).start()) {
                while (coordinator.cloud().router().readyCars(name) == 0) {
                    Thread.sleep(20);
                }
                if (batch) {
                    concurrency = Math.min(requests, options.maxBatchSize());
                }
                Agent checker = checkShare > 0 && batch ? ChecksOnBench.checker(coordinator, config, name, dir, online,
                        data) : null;
                System.out.printf("bench-chat: %s, %d threads, %d in flight, %d generations of up to %d tokens, %s,"
                        + " loopback%n", name, options.threads(), concurrency, requests, maxTokens,
                        batch ? "one batch per run" : "streamed");
                var batches = new BatchGenerationRun(coordinator.uri());
                if (batch) { // warm-up: the car loads and runs the model once
                    batches.run(name, PROMPTS, 2, maxTokens);
                } else {
                    fleet(coordinator, name, Math.max(concurrency, 2));
                }
                for (int round = 1; round <= rounds; round++) {
                    var direct = direct(dir, options);
                    if (checker != null) {
                        ChecksOnBench.round(coordinator, config, batches, name, round, direct, checkShare, requests,
                                maxTokens);
                        continue;
                    }
                    var fleet = batch ? batches.run(name, PROMPTS, requests, maxTokens) : fleet(coordinator, name, requests);
                    if (batch) {
                        System.out.printf("  round %d  direct %8.1f tok/s   fleet batch %8.1f tok/s (%d tokens in %.2f s)"
                                        + "   ratio %.3f%n", round, direct.tokensPerSecond(), fleet.tokensPerSecond(),
                                fleet.tokens(), fleet.seconds(), fleet.tokensPerSecond() / direct.tokensPerSecond());
                        continue;
                    }
                    System.out.printf("  round %d  direct %8.1f tok/s  ttft %6.1f ms   fleet %8.1f tok/s  ttft %6.1f ms"
                                    + "   ratio %.3f   ttft added %+.1f ms%n", round, direct.tokensPerSecond(),
                            direct.meanFirstTokenMillis(), fleet.tokensPerSecond(), fleet.meanFirstTokenMillis(),
                            fleet.tokensPerSecond() / direct.tokensPerSecond(),
                            fleet.meanFirstTokenMillis() - direct.meanFirstTokenMillis());
                }
                if (checker != null) {
                    checker.close();
                }
            }
        }
        return 0;
    }

    private GenerationBenchmark.Measurement direct(Path dir, EngineOptions options) throws Exception {
        try (GenerationEngine engine = GenerationEngine.open(dir, options)) {
            List<int[]> prompts = PROMPTS.stream().map(engine::encode).toList();
            GenerationBenchmark.run(engine, prompts, concurrency, Math.max(concurrency, 2), maxTokens, 0.8); // warm-up
            return GenerationBenchmark.run(engine, prompts, concurrency, requests, maxTokens, 0.8);
        }
    }

    /** The same closed loop through {@code POST /v1/completions} with {@code stream: true}: seed = request index. */
    private GenerationBenchmark.Measurement fleet(Coordinator coordinator, String name, int count) throws Exception {
        var json = new ObjectMapper();
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger next = new AtomicInteger();
        AtomicLong tokens = new AtomicLong();
        AtomicLong firstTokenNanos = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                running.add(clients.submit(() -> {
                    for (int index; (index = next.getAndIncrement()) < count; ) {
                        String body = json.writeValueAsString(Map.of("model", name, "prompt",
                                PROMPTS.get(index % PROMPTS.size()), "max_tokens", maxTokens, "temperature", 0.8,
                                "seed", index, "stream", true, "stream_options", Map.of("include_usage", true)));
                        long submitted = System.nanoTime();
                        var response = http.send(HttpRequest.newBuilder(coordinator.uri().resolve("/v1/completions"))
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(), HttpResponse.BodyHandlers.ofLines());
                        boolean first = true;
                        for (Iterator<String> lines = response.body().iterator(); lines.hasNext(); ) {
                            String line = lines.next();
                            if (!line.startsWith("data: {")) {
                                continue;
                            }
                            JsonNode event = json.readTree(line.substring(6));
                            if (event.has("error")) {
                                throw new IllegalStateException("the fleet failed: " + line);
                            }
                            if (first && event.path("choices").size() > 0
                                    && event.path("choices").path(0).path("finish_reason").isNull()) {
                                first = false;
                                firstTokenNanos.addAndGet(System.nanoTime() - submitted);
                            }
                            if (event.hasNonNull("usage")) {
                                tokens.addAndGet(event.get("usage").get("completion_tokens").asLong());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new GenerationBenchmark.Measurement(concurrency, count, tokens.get(), seconds,
                firstTokenNanos.get() / 1e6 / count);
    }
}
