package io.terafleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.agent.inference.Embedder;
import io.terafleet.generation.GenerationEngine;
import io.terafleet.generation.GenerationRequest;
import io.terafleet.generation.GenerationHandle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The APIs {@code bench-online} measures, each as one request through the fleet and the same work in process:
 * {@code /v1/embeddings}, KServe v2 infer with text in (both against the embedder in process), and the time to the
 * first token of a streamed {@code /v1/completions} (against the first token of the generation engine in process,
 * the same prompts, greedy).
 */
final class OnlineBenchApis {
    static final String EMBEDDINGS = "embeddings";
    static final String KSERVE = "kserve";
    static final String TTFT = "ttft";
    static final List<String> ALL = List.of(EMBEDDINGS, KSERVE, TTFT);
    /** Tokens per generation in the time-to-first-token runs: enough to stream, few enough to keep rounds short. */
    static final int TTFT_MAX_TOKENS = 4;

    /** One fleet request's time, and the car's own compute time for it when the answer tells (else -1). */
    record Timed(long nanos, long carComputeNanos) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String model;
    private final String encoding;

    OnlineBenchApis(String model, String encoding) {
        this.model = model;
        this.encoding = encoding;
    }

    /** The work of one request in process: embeddings for both embedding APIs, the first token for {@link #TTFT}. */
    static long direct(String api, Embedder embedder, GenerationEngine engine, List<String> texts)
            throws Exception {
        if (!TTFT.equals(api)) {
            long t0 = System.nanoTime();
            embedder.embed(texts);
            return System.nanoTime() - t0;
        }
        CountDownLatch first = new CountDownLatch(1);
        List<GenerationHandle> running = new ArrayList<>();
        long t0 = System.nanoTime();
        long[] firstAt = new long[1];
        for (String text : texts) {
            running.add(engine.submit(GenerationRequest.greedy(engine.encode(text), TTFT_MAX_TOKENS),
                    (token, piece, logprob) -> {
                        synchronized (firstAt) {
                            if (firstAt[0] == 0) {
                                firstAt[0] = System.nanoTime();
                                first.countDown();
                            }
                        }
                    }));
        }
        first.await(60, TimeUnit.SECONDS);
        for (GenerationHandle handle : running) {
            handle.result().get(60, TimeUnit.SECONDS); // the engine idle again before the fleet's turn
        }
        synchronized (firstAt) {
            return firstAt[0] - t0;
        }
    }

    /** One request of {@code api} with {@code texts} through the coordinator at {@code base}. */
    Timed fleet(String api, URI base, String generationModel, List<String> texts) throws Exception {
        return switch (api) {
            case EMBEDDINGS -> exchange(base.resolve("/v1/embeddings"), Map.of("model", model, "input", texts,
                    "encoding_format", encoding));
            case KSERVE -> exchange(base.resolve("/v2/models/" + model + "/infer"), Map.of("inputs", List.of(Map.of(
                    "name", "text", "datatype", "BYTES", "shape", List.of(texts.size()), "data", texts))));
            case TTFT -> firstToken(base, generationModel, texts);
            default -> throw new IllegalArgumentException("--api: embeddings, kserve or ttft, was " + api);
        };
    }

    private Timed exchange(URI uri, Object body) throws Exception {
        byte[] bytes = json.writeValueAsBytes(body);
        long t0 = System.nanoTime();
        var response = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofByteArray());
        long took = System.nanoTime() - t0;
        check(response.statusCode(), response, new String(response.body(), StandardCharsets.UTF_8));
        double carMillis = Double.parseDouble(response.headers().firstValue("terafleet-car-compute-ms").orElse("-1"));
        return new Timed(took, carMillis < 0 ? -1 : (long) (carMillis * 1e6));
    }

    /** Until the first streamed event that carries a token; the rest of the stream is read before returning. */
    private Timed firstToken(URI base, String generationModel, List<String> prompts) throws Exception {
        byte[] body = json.writeValueAsBytes(Map.of("model", generationModel, "prompt", prompts,
                "max_tokens", TTFT_MAX_TOKENS, "temperature", 0, "stream", true));
        long t0 = System.nanoTime();
        var response = http.send(HttpRequest.newBuilder(base.resolve("/v1/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofLines());
        check(response.statusCode(), response, "");
        long first = -1;
        for (Iterator<String> lines = response.body().iterator(); lines.hasNext(); ) {
            String line = lines.next();
            if (!line.startsWith("data: {")) {
                continue;
            }
            JsonNode event = json.readTree(line.substring(6));
            if (event.has("error")) {
                throw new IllegalStateException("the fleet failed: " + line);
            }
            if (first < 0 && !event.path("choices").path(0).path("text").asText("").isEmpty()) {
                first = System.nanoTime() - t0;
            }
        }
        if (first < 0) {
            throw new IllegalStateException("the stream carried no token");
        }
        return new Timed(first, -1);
    }

    private static void check(int status, HttpResponse<?> response, String body) {
        if (status != 200) {
            throw new JobClient.RequestFailed(status, body, HttpRetry.retryAfter(response));
        }
    }
}
