package io.terafleet.cli;

import io.terafleet.agentdist.ModelCacheOption;
import io.terafleet.agentdist.ExitScope;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code terafleet bench-online}: what online routing adds to a request. One coordinator and one car in this
 * JVM on loopback, for each way a car takes requests ({@code --transport}: its WebSocket channel, the HTTP
 * long-poll, or both, each with a fresh coordinator and car); each round embeds the same texts once in process (a
 * session like the car's: one ORT thread) and once through {@code POST /v1/embeddings}. Two measures of what
 * routing adds: the fleet's latency less the in-process run of the same round (paired, but carrying the noise of
 * two inference runs), and the fleet's latency less the car's own compute time for that request (from the
 * {@code terafleet-car-compute-ms} header): the hops, JSON and handover alone. With {@code --clients} above 1,
 * that many clients send at once in closed loops: latency percentiles and throughput. {@code --api} picks what
 * the paired run measures: {@code /v1/embeddings}, KServe v2 infer with text in, and the time to the first token of
 * a streamed generation ({@link OnlineBenchApis}).
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

    @Option(names = "--transport", defaultValue = "both",
            description = "channel (WebSocket), poll (HTTP long-poll) or both (default: ${DEFAULT-VALUE})")
    String transport;

    @Option(names = "--clients", split = ",", defaultValue = "1",
            description = "Concurrent clients, a list (default: ${DEFAULT-VALUE}); 1 is the paired overhead run")
    List<Integer> clients;

    @Option(names = "--max-batch", defaultValue = "1", description = "The coordinator merges concurrent requests up to"
            + " this many texts per car call; 1: no batching (default: ${DEFAULT-VALUE})")
    int maxBatch;

    @Option(names = "--max-batch-delay-ms", defaultValue = "2", description = "How long a batch waits for company"
            + " (default: ${DEFAULT-VALUE})")
    long maxBatchDelayMillis;

    @Option(names = "--api", split = ",", defaultValue = OnlineBenchApis.EMBEDDINGS,
            description = "What the paired run measures, a list: embeddings (/v1/embeddings), kserve (KServe v2 infer,"
                    + " text in), ttft (time to first token of a streamed /v1/completions of --generation-model, one"
                    + " prompt per text) (default: ${DEFAULT-VALUE})")
    List<String> apis;

    @Option(names = "--generation-model", defaultValue = "kjv-gpt",
            description = "Built-in text-generation model for --api ttft (default: ${DEFAULT-VALUE})")
    String generationModel;

    @Mixin
    ModelCacheOption modelCache = new ModelCacheOption();

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || warmup < 0 || batchSize < 1 || clients.stream().anyMatch(c -> c < 1)) {
            throw CommandFailure.badUsage("--requests, --batch-size and --clients must be at least 1, --warmup at least 0");
        }
        List<Boolean> channels = switch (transport) {
            case "channel" -> List.of(true);
            case "poll" -> List.of(false);
            case "both" -> List.of(true, false);
            default -> throw CommandFailure.badUsage("--transport must be channel, poll or both, was " + transport);
        };
        if (!OnlineBenchApis.ALL.containsAll(apis)) {
            throw CommandFailure.badUsage("--api takes embeddings, kserve and ttft, was " + apis);
        }
        ExitScope.loadOnnxRuntime();
        try (ExitScope scope = ExitScope.open()) {
            Embedder direct = scope.add(Embedders.open(model, modelCache.path(), 1));
            engine = apis.contains(OnlineBenchApis.TTFT) ? scope.add(io.terafleet.generation.GenerationEngine.open(
                    io.terafleet.generation.BuiltInGenerationModels.extract(generationModel,
                            modelCache.path().resolve("generation")), io.terafleet.generation.EngineOptions.defaults()))
                    : null;
            List<String> corpus = SampleCorpus.take(Math.max(batchSize * 64, 512));
            List<Fleet> fleets = new java.util.ArrayList<>();
            for (boolean channel : channels) {
                fleets.add(start(scope, channel, corpus));
            }
            if (clients.contains(1)) {
                for (String api : apis) {
                    paired(fleets, direct, api);
                }
            }
            for (Fleet fleet : fleets) {
                for (int n : clients) {
                    if (n > 1) {
                        concurrent(fleet, n);
                    }
                }
                System.out.printf("car answered %d requests (%s)%n", fleet.car.onlineServed(),
                        fleet.car.onlineOverChannel() ? "over its channel" : "by long-poll");
            }
        }
        return 0;
    }

    /** A coordinator and one car taking requests over its channel or by long-poll, ready. */
    private Fleet start(ExitScope scope, boolean channel, List<String> corpus) throws Exception {
        Embedder carEmbedder = Embedders.open(model, modelCache.path(), 1); // the car closes it when it stops
        Path data = scope.temporaryFolder("terafleet-bench-online-");
        String token = CarService.newSecret();
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(data), List.of(token)).withPort(0);
        var cloud = EmbeddedCloud.config(config.database());
        var online = cloud.online();
        // A cold car on a loaded machine may take over the 1 s deadline: the bench measures routing, not deadlines.
        cloud = cloud.withOnline(new io.terafleet.coordinator.online.OnlineConfig(Duration.ofSeconds(30),
                online.attempts(), online.admissionWait(), online.maxPollWait(), online.maxQueued(), maxBatch,
                Duration.ofMillis(maxBatchDelayMillis)));
        Coordinator coordinator = scope.add(Coordinator.start(config, cloud, Clock.systemUTC()));
        List<String> models = engine == null ? List.of(model) : List.of(model, generationModel);
        Agent car = scope.add(new Agent(new AgentConfig(coordinator.uri(), token, "bench-car", "HW3", models,
                batchSize, Duration.ofSeconds(20), Duration.ofMillis(100), DemoCommand.Fleet.DEMO_POLICY),
                new SimulatedParkedCar(Clock.systemUTC(), 80), m -> carEmbedder, Clock.systemUTC(),
                OnlineOptions.defaults(modelCache.path()).withChannel(channel)).start());
        while (models.stream().anyMatch(m -> coordinator.cloud().router().readyCars(m) == 0)) {
            Thread.sleep(20);
        }
        return new Fleet(channel ? "WebSocket channel" : "HTTP long-poll", coordinator, car, corpus);
    }

    /**
     * One client: each round in process, then through each fleet in turn (the order rotating every round), so
     * that every transport meets the same machine load and the same texts.
     */
    private void paired(List<Fleet> fleets, Embedder direct, String api) throws Exception {
        int k = fleets.size();
        long[] directNanos = new long[requests];
        long[][] fleetNanos = new long[k][requests];
        long[][] routingNanos = new long[k][requests];
        var probe = new OnlineBenchApis(model, encoding);
        boolean ttft = OnlineBenchApis.TTFT.equals(api);
        for (int round = -warmup; round < requests; round++) {
            List<String> texts = ttft ? prompts(round) : fleets.getFirst().texts(round);
            long inProcess = OnlineBenchApis.direct(api, direct, engine, texts);
            for (int j = 0; j < k; j++) {
                int f = Math.floorMod(round + j, k);
                var timed = probe.fleet(api, fleets.get(f).coordinator.uri(), generationModel, texts);
                if (round >= 0) {
                    fleetNanos[f][round] = timed.nanos();
                    routingNanos[f][round] = timed.nanos() - Math.max(0, timed.carComputeNanos());
                }
            }
            if (round >= 0) {
                directNanos[round] = inProcess;
            }
        }
        System.out.printf("online routing, %s: %s, %d texts per request, %s, %d rounds after %d warm-up, loopback,"
                + " 1 client%n", api, ttft ? generationModel : model, batchSize, ttft ? "time to first token, greedy, "
                + OnlineBenchApis.TTFT_MAX_TOKENS + " tokens" : "encoding " + encoding, requests, warmup);
        Percentiles.print(ttft ? "in-process first token" : "in-process inference", directNanos);
        for (int f = 0; f < k; f++) {
            long[] overhead = new long[requests];
            for (int i = 0; i < requests; i++) {
                overhead[i] = fleetNanos[f][i] - directNanos[i];
            }
            System.out.printf(" over %s:%n", fleets.get(f).name);
            Percentiles.print("through coordinator + car", fleetNanos[f]);
            Percentiles.print("fleet minus in-process (paired)", overhead);
            if (!ttft) { // a stream's first token has no compute time of its own in the answer
                Percentiles.print("fleet minus car's compute", routingNanos[f]);
            }
        }
    }

    /** The generation model in process, for --api ttft; null otherwise. */
    private io.terafleet.generation.GenerationEngine engine;

    /** {@code batchSize} prompts for a time-to-first-token round. */
    private List<String> prompts(int round) {
        List<String> prompts = new java.util.ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            prompts.add(ChatBenchCommand.PROMPTS.get(Math.floorMod(round + i, ChatBenchCommand.PROMPTS.size())));
        }
        return prompts;
    }

    /** {@code n} clients in closed loops sharing {@code requests} requests (after each sends its warm-up share). */
    private void concurrent(Fleet fleet, int n) throws Exception {
        var latencies = new java.util.concurrent.ConcurrentLinkedQueue<Long>();
        var refused = new java.util.concurrent.atomic.AtomicInteger();
        var next = new java.util.concurrent.atomic.AtomicInteger(-warmup);
        long started;
        long[] measuredFrom = new long[1];
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            started = System.nanoTime();
            for (int c = 0; c < n; c++) {
                threads.submit(() -> {
                    int round;
                    while ((round = next.getAndIncrement()) < requests) {
                        if (round == 0) {
                            measuredFrom[0] = System.nanoTime();
                        }
                        long t0 = System.nanoTime();
                        var response = fleet.send(fleet.texts(round));
                        long took = System.nanoTime() - t0;
                        if (response.statusCode() == 429 || response.statusCode() == 503) {
                            if (round >= 0) {
                                refused.incrementAndGet();
                            }
                        } else {
                            fleet.check(response);
                        }
                        if (round >= 0 && response.statusCode() == 200) {
                            latencies.add(took); // of answered requests; refusals are counted apart
                        }
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - Math.max(started, measuredFrom[0])) / 1e9;
        long[] nanos = latencies.stream().mapToLong(Long::longValue).toArray();
        int answered = requests - refused.get();
        System.out.printf("online routing over %s: %s, %d texts per request, batching up to %d texts, %d clients, %d"
                + " requests: %.1f answered/s (%.1f texts/s), %d refused (429/503)%n", fleet.name, model, batchSize,
                maxBatch, n, requests,
                answered / seconds, answered * batchSize / seconds, refused.get());
        Percentiles.print("latency through coordinator + car", nanos);
    }

    /** The client side: requests to one coordinator, over one HTTP/1.1 client. */
    private final class Fleet {
        private final String name;
        private final Coordinator coordinator;
        private final Agent car;
        private final List<String> corpus;
        private final ObjectMapper json = new ObjectMapper();
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        Fleet(String name, Coordinator coordinator, Agent car, List<String> corpus) {
            this.name = name;
            this.coordinator = coordinator;
            this.car = car;
            this.corpus = corpus;
        }

        List<String> texts(int round) {
            int from = Math.floorMod(round * batchSize, corpus.size() - batchSize);
            return corpus.subList(from, from + batchSize);
        }

        HttpResponse<byte[]> send(List<String> texts) throws Exception {
            String body = json.writeValueAsString(java.util.Map.of("model", model, "input", texts,
                    "encoding_format", encoding));
            return http.send(HttpRequest.newBuilder(coordinator.uri().resolve("/v1/embeddings"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        void check(HttpResponse<byte[]> response) {
            if (response.statusCode() != 200) {
                throw new JobClient.RequestFailed(response.statusCode(), new String(response.body(),
                        java.nio.charset.StandardCharsets.UTF_8), HttpRetry.retryAfter(response));
            }
        }
    }

    /** Latency percentiles, printed in milliseconds. */
    static final class Percentiles {
        private Percentiles() {
        }

        static void print(String what, long[] nanos) {
            long[] sorted = nanos.clone();
            java.util.Arrays.sort(sorted);
            System.out.printf("  %-34s p50 %7.2f ms   p90 %7.2f ms   p99 %7.2f ms%n", what, percentile(sorted, 50),
                    percentile(sorted, 90), percentile(sorted, 99));
        }

        static double percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }
    }
}
