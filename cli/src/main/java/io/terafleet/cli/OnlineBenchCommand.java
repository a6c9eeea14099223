package io.terafleet.cli;

import io.terafleet.agent.Agent;
import io.terafleet.agent.AgentConfig;
import io.terafleet.agent.OnlineOptions;
import io.terafleet.agent.inference.Embedder;
import io.terafleet.agent.inference.Embedders;
import io.terafleet.agent.signals.SimulatedParkedCar;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.service.CarService;
import io.terafleet.core.model.ModelCatalog;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code terafleet bench-online}: what online routing adds to a request. One coordinator and one car in this
 * JVM on loopback; each round embeds the same texts once in process (a session like the car's: one ORT thread)
 * and once through {@code POST /v1/embeddings} (coordinator, car poll, car inference, answer). Two measures of
 * what routing adds: the fleet's latency less the in-process run of the same round (paired, but carrying the
 * noise of two inference runs), and the fleet's latency less the car's own compute time for that request
 * (from the {@code terafleet-car-compute-ms} header): the HTTP hops, JSON and handover alone.
 */
@Command(name = "bench-online", mixinStandardHelpOptions = true,
        description = "Online routing overhead: /v1/embeddings through coordinator and car vs in-process inference.")
final class OnlineBenchCommand implements Callable<Integer> {
    @Option(names = "--requests", defaultValue = "500", description = "Measured rounds (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--warmup", defaultValue = "100", description = "Rounds before measuring (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--batch-size", defaultValue = "8", description = "Texts per request (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--encoding", defaultValue = "float", description = "float or base64 (default: ${DEFAULT-VALUE})")
    String encoding;

    @Option(names = "--model", defaultValue = ModelCatalog.DEFAULT_MODEL, description = "Model (default: ${DEFAULT-VALUE})")
    String model;

    @Mixin
    ModelCacheOption modelCache = new ModelCacheOption();

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || warmup < 0 || batchSize < 1) {
            throw CommandFailure.badUsage("--requests and --batch-size must be at least 1, --warmup at least 0");
        }
        ExitScope.loadOnnxRuntime();
        try (ExitScope scope = ExitScope.open()) {
            return run(scope);
        }
    }

    private int run(ExitScope scope) throws Exception {
        Path data = scope.temporaryFolder("terafleet-bench-online-");
        String token = CarService.newSecret();
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(data), List.of(token)).withPort(0);
        var json = new ObjectMapper();
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> corpus = SampleCorpus.take(Math.max(batchSize * 64, 512));
        Coordinator coordinator = scope.add(Coordinator.start(config, EmbeddedCloud.config(config.database()),
                Clock.systemUTC()));
        Embedder direct = scope.add(Embedders.open(model, modelCache.path(), 1));
        Embedder carEmbedder = scope.add(Embedders.open(model, modelCache.path(), 1));
        Agent car = scope.add(new Agent(new AgentConfig(coordinator.uri(), token, "bench-car", "HW3", List.of(model), batchSize,
                     Duration.ofSeconds(20), Duration.ofMillis(100), DemoCommand.Fleet.DEMO_POLICY),
                     new SimulatedParkedCar(Clock.systemUTC(), 80), m -> carEmbedder, Clock.systemUTC(),
                     OnlineOptions.defaults(modelCache.path())).start());
        {
            while (coordinator.cloud().router().readyCars(model) == 0) {
                Thread.sleep(20);
            }
            long[] directNanos = new long[requests];
            long[] fleetNanos = new long[requests];
            long[] routingNanos = new long[requests];
            for (int round = -warmup; round < requests; round++) {
                int from = Math.floorMod(round * batchSize, corpus.size() - batchSize);
                List<String> texts = corpus.subList(from, from + batchSize);
                String body = json.writeValueAsString(java.util.Map.of("model", model, "input", texts,
                        "encoding_format", encoding));
                long t0 = System.nanoTime();
                direct.embed(texts);
                long t1 = System.nanoTime();
                var response = http.send(HttpRequest.newBuilder(coordinator.uri().resolve("/v1/embeddings"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.ofByteArray());
                long t2 = System.nanoTime();
                if (response.statusCode() != 200) {
                    throw new JobClient.RequestFailed(response.statusCode(), new String(response.body(),
                            java.nio.charset.StandardCharsets.UTF_8), HttpRetry.retryAfter(response));
                }
                if (round >= 0) {
                    directNanos[round] = t1 - t0;
                    fleetNanos[round] = t2 - t1;
                    double carMillis = Double.parseDouble(response.headers().firstValue("terafleet-car-compute-ms")
                            .orElseThrow(() -> new IllegalStateException("no compute time in the answer")));
                    routingNanos[round] = fleetNanos[round] - (long) (carMillis * 1e6);
                }
            }
            long[] overhead = new long[requests];
            for (int i = 0; i < requests; i++) {
                overhead[i] = fleetNanos[i] - directNanos[i];
            }
            System.out.printf("online routing: %s, %d texts per request, encoding %s, %d rounds after %d warm-up, loopback%n",
                    model, batchSize, encoding, requests, warmup);
            print("in-process inference", directNanos);
            print("through coordinator + car", fleetNanos);
            print("fleet minus in-process (paired)", overhead);
            print("fleet minus car's compute", routingNanos);
            System.out.printf("car answered %d requests%n", car.onlineServed());
        }
        return 0;
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("  %-32s p50 %7.2f ms   p90 %7.2f ms   p99 %7.2f ms%n", what, percentile(sorted, 50),
                percentile(sorted, 90), percentile(sorted, 99));
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
