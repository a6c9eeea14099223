package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.agent.Agent;
import io.terafleet.agent.inference.EmbeddingModelSpec;
import io.terafleet.agent.inference.Embedders;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operators bring their own models: all-MiniLM-L6-v2's graph registered by upload as a raw-tensor model is served
 * by KServe v2 {@code infer} and matches a direct ONNX Runtime run; the int8 graph and its tokenizer registered by
 * path as a text-embedding model under a new name is served by {@code /v1/embeddings}. Cars fetch both from the
 * coordinator and check their hashes.
 */
class KServeEndToEndTest {
    static final String OPERATOR_KEY = "operator-key-for-e2e-tests-0002";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void registeredRawModelInfersLikeDirectOnnxRuntime() throws Exception {
        Path graph = Embedders.builtInGraph(EmbeddingModelSpec.ALL_MINILM_L6_V2, Embedders.defaultCacheDir());
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN)).withPort(0);
        try (Coordinator coordinator = Coordinator.start(config,
                CloudConfig.embedded(config.database()).withOperatorKeys(List.of(OPERATOR_KEY)), Clock.systemUTC())) {
            URI base = coordinator.uri();
            var upload = http.send(HttpRequest.newBuilder(base.resolve("/v1/models?name=minilm-raw&kind=raw&version=7"))
                    .header("Authorization", "Bearer " + OPERATOR_KEY).header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofFile(graph)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
            JsonNode registered = JSON.readTree(upload.body());
            assertThat(registered.get("sha256").asText()).isEqualTo(graph.getFileName().toString().replace(".onnx", ""));

            var metadata = JSON.readTree(get(base, "/v2/models/minilm-raw").body());
            assertThat(metadata.get("versions").get(0).asText()).isEqualTo("7");
            assertThat(metadata.get("inputs").findValuesAsText("name")).contains("input_ids", "attention_mask");
            assertThat(metadata.get("outputs").findValuesAsText("name")).contains("last_hidden_state");
            assertThat(get(base, "/v2/models/minilm-raw/ready").statusCode()).isEqualTo(400); // not ready: the protocol's 4xx

            try (Agent car = FleetFixture.agent(base, "car-k", List.of("minilm-raw"))) {
                Awaitility.await().atMost(Duration.ofSeconds(90)).until(() ->
                        get(base, "/v2/models/minilm-raw/ready").statusCode() == 200);
                long[][] ids = {{101, 7592, 2088, 102, 0}, {101, 2023, 2003, 1037, 102}};
                long[][] mask = {{1, 1, 1, 1, 0}, {1, 1, 1, 1, 1}};
                long[][] types = new long[2][5];
                String request = JSON.writeValueAsString(Map.of("id", "r-1", "inputs", List.of(
                        tensor("input_ids", ids), tensor("attention_mask", mask), tensor("token_type_ids", types)),
                        "outputs", List.of(Map.of("name", "last_hidden_state"))));
                var reply = http.send(HttpRequest.newBuilder(base.resolve("/v2/models/minilm-raw/infer"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request))
                        .build(), HttpResponse.BodyHandlers.ofString());

                assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
                JsonNode body = JSON.readTree(reply.body());
                assertThat(body.get("model_name").asText()).isEqualTo("minilm-raw");
                assertThat(body.get("id").asText()).isEqualTo("r-1");
                JsonNode out = body.get("outputs").get(0);
                assertThat(out.get("name").asText()).isEqualTo("last_hidden_state");
                assertThat(out.get("datatype").asText()).isEqualTo("FP32");
                assertThat(out.get("shape").toString()).isEqualTo("[2,5,384]");
                float[] expected = direct(graph, ids, mask, types);
                assertThat(out.get("data")).hasSize(expected.length);
                for (int i = 0; i < expected.length; i++) {
                    assertThat(out.get("data").get(i).floatValue()).as("element %d", i).isEqualTo(expected[i]);
                }
                assertThat(car.onlineServed()).isEqualTo(1);
            }
        }
    }

    @Test
    void aTextModelRegisteredByPathIsServedByEmbeddings() throws Exception {
        Path graph = Embedders.builtInGraph(EmbeddingModelSpec.ALL_MINILM_L6_V2_Q, Embedders.defaultCacheDir());
        Path tokenizer = Embedders.defaultCacheDir().resolve(
                io.terafleet.core.model.ModelCatalog.find("all-minilm-l6-v2-q").orElseThrow().tokenizerSha256() + ".json");
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN)).withPort(0);
        try (Coordinator coordinator = Coordinator.start(config,
                CloudConfig.embedded(config.database()).withOperatorKeys(List.of(OPERATOR_KEY)), Clock.systemUTC())) {
            URI base = coordinator.uri();
            String registration = JSON.writeValueAsString(Map.of("name", "my-minilm", "kind", "text-embedding",
                    "path", graph.toString(), "tokenizer_path", tokenizer.toString(), "pooling", "mean",
                    "dimensions", 384, "max_tokens", 256));
            var created = http.send(HttpRequest.newBuilder(base.resolve("/v1/models"))
                    .header("Authorization", "Bearer " + OPERATOR_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(registration)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            try (Agent car = FleetFixture.agent(base, "car-t", List.of("my-minilm"))) {
                Awaitility.await().atMost(Duration.ofSeconds(90)).until(() ->
                        coordinator.cloud().router().readyCars("my-minilm") > 0);
                String text = SampleCorpus.take(1).getFirst();
                var reply = http.send(HttpRequest.newBuilder(base.resolve("/v1/embeddings"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\": \"my-minilm\", \"input\": " + JSON.writeValueAsString(text) + "}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
                float[] vector = FleetFixture.vector(JSON.readTree(reply.body()).get("data").get(0));
                try (var reference = Embedders.open("all-minilm-l6-v2-q", Embedders.defaultCacheDir(), 1)) {
                    assertThat(FleetFixture.cosine(vector, reference.embed(List.of(text))[0])).isGreaterThanOrEqualTo(0.9999);
                }
            }
        }
    }

    private HttpResponse<String> get(URI base, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> tensor(String name, long[][] data) {
        return Map.of("name", name, "datatype", "INT64", "shape", List.of(data.length, data[0].length), "data", data);
    }

    private static float[] direct(Path graph, long[][] ids, long[][] mask, long[][] types) throws Exception {
        var env = OrtEnvironment.getEnvironment();
        long[] shape = {ids.length, ids[0].length};
        try (OrtSession session = env.createSession(graph.toString(), new OrtSession.SessionOptions());
             OnnxTensor a = OnnxTensor.createTensor(env, LongBuffer.wrap(flat(ids)), shape);
             OnnxTensor b = OnnxTensor.createTensor(env, LongBuffer.wrap(flat(mask)), shape);
             OnnxTensor c = OnnxTensor.createTensor(env, LongBuffer.wrap(flat(types)), shape);
             OrtSession.Result result = session.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
            var out = (OnnxTensor) result.get("last_hidden_state").orElseThrow();
            float[] values = new float[out.getFloatBuffer().remaining()];
            out.getFloatBuffer().get(values);
            return values;
        }
    }

    private static long[] flat(long[][] rows) {
        return java.util.Arrays.stream(rows).flatMapToLong(java.util.Arrays::stream).toArray();
    }
}
