package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.agent.Agent;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.core.api.FloatVectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAI-compatible APIs against a running coordinator and two cars doing real inference, through a client
 * that speaks only the documented OpenAI wire format with a tenant's API key.
 */
class OpenAiEndToEndTest {
    static final String OPERATOR_KEY = "operator-key-for-e2e-tests-0001";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Coordinator coordinator;
    static Agent car1;
    static Agent car2;
    static OpenAiWire openai;

    @BeforeAll
    static void start() throws Exception {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN))
                .withPort(0).withUnitSize(16);
        coordinator = Coordinator.start(config, CloudConfig.secured(config.database(), List.of(OPERATOR_KEY)),
                Clock.systemUTC());
        car1 = FleetFixture.agent(coordinator.uri(), "car-1");
        car2 = FleetFixture.agent(coordinator.uri(), "car-2");
        var operator = new OpenAiWire(coordinator.uri().resolve("/v1/"), OPERATOR_KEY);
        var tenant = operator.post("tenants", "{\"name\": \"acme\"}");
        assertThat(tenant.status()).as(tenant.body()).isEqualTo(201);
        openai = new OpenAiWire(coordinator.uri().resolve("/v1/"), tenant.json().get("api_key").asText());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                coordinator.cloud().router().readyCars(FleetFixture.MODEL) > 0);
    }

    @AfterAll
    static void stop() {
        car1.close();
        car2.close();
        coordinator.close();
    }

    @Test
    void embeddingsOfAnArrayMatchDirectInference() throws Exception {
        List<String> texts = SampleCorpus.take(20);
        var reply = openai.post("embeddings", "{\"model\": \"all-minilm-l6-v2\", \"input\": "
                + JSON.writeValueAsString(texts) + ", \"encoding_format\": \"float\", \"user\": \"u-1\"}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(Double.parseDouble(reply.header("terafleet-car-compute-ms"))).isPositive();
        JsonNode body = reply.json();
        assertThat(body.get("object").asText()).isEqualTo("list");
        assertThat(body.get("model").asText()).isEqualTo("all-minilm-l6-v2");
        assertThat(body.get("data")).hasSize(20);
        int promptTokens = body.get("usage").get("prompt_tokens").asInt();
        assertThat(promptTokens).isGreaterThan(20 * 2);
        assertThat(body.get("usage").get("total_tokens").asInt()).isEqualTo(promptTokens);
        float[][] reference = FleetFixture.direct(texts);
        for (int i = 0; i < texts.size(); i++) {
            JsonNode item = body.get("data").get(i);
            assertThat(item.get("object").asText()).isEqualTo("embedding");
            assertThat(item.get("index").asInt()).isEqualTo(i);
            assertThat(FleetFixture.cosine(FleetFixture.vector(item), reference[i])).isGreaterThanOrEqualTo(0.9999);
        }
    }

    @Test
    void aStringInputWithBase64EncodingIsFloat32LittleEndian() throws Exception {
        String text = SampleCorpus.take(1).getFirst();
        var reply = openai.post("embeddings", "{\"input\": " + JSON.writeValueAsString(text)
                + ", \"model\": \"all-minilm-l6-v2\", \"encoding_format\": \"base64\"}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        float[] vector = FloatVectors.fromBase64(reply.json().get("data").get(0).get("embedding").asText());
        assertThat(vector).hasSize(384);
        assertThat(FleetFixture.cosine(vector, FleetFixture.direct(List.of(text))[0])).isGreaterThanOrEqualTo(0.9999);
    }

    @Test
    void aModelNoCarHoldsAnswers503WithRetryAfter() throws Exception {
        var reply = openai.post("embeddings", "{\"model\": \"bge-small-en-v1.5\", \"input\": \"hello\"}");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).isEqualTo("1");
        assertThat(reply.json().get("error").get("message").asText()).contains("bge-small-en-v1.5");
    }

    @Test
    void modelsAreListedInOpenAisShape() throws Exception {
        var reply = openai.get("models");

        assertThat(reply.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        reply.json().get("data").forEach(m -> ids.add(m.get("id").asText()));
        assertThat(ids).contains("all-minilm-l6-v2", "all-minilm-l6-v2-q", "bge-small-en-v1.5");
        assertThat(reply.json().get("data").get(0).get("object").asText()).isEqualTo("model");
    }

    @Test
    void aBatchRunsOnTheFleetAndItsOutputFileMatchesDirectInference() throws Exception {
        List<String> texts = SampleCorpus.take(40);
        var lines = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
            lines.append("{\"custom_id\": \"req-").append(i).append("\", \"method\": \"POST\", \"url\": \"/v1/embeddings\",")
                    .append(" \"body\": {\"model\": \"all-minilm-l6-v2\", \"input\": ")
                    .append(JSON.writeValueAsString(texts.get(i))).append("}}\n");
        }
        var file = openai.upload("requests.jsonl", lines.toString().getBytes(StandardCharsets.UTF_8), "batch");
        assertThat(file.status()).as(file.body()).isEqualTo(200);
        assertThat(file.json().get("object").asText()).isEqualTo("file");
        assertThat(file.json().get("purpose").asText()).isEqualTo("batch");
        String fileId = file.json().get("id").asText();
        assertThat(openai.get("files/" + fileId + "/content").body()).isEqualTo(lines.toString());

        var created = openai.post("batches", "{\"input_file_id\": \"" + fileId + "\", \"endpoint\": \"/v1/embeddings\","
                + " \"completion_window\": \"24h\", \"metadata\": {\"purpose\": \"e2e\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.json().get("object").asText()).isEqualTo("batch");
        assertThat(created.json().get("status").asText()).isIn("validating", "in_progress", "finalizing", "completed");
        String batchId = created.json().get("id").asText();

        JsonNode done = awaitBatch(batchId);
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("request_counts").get("total").asInt()).isEqualTo(40);
        assertThat(done.get("request_counts").get("completed").asInt()).isEqualTo(40);
        assertThat(done.get("request_counts").get("failed").asInt()).isZero();
        assertThat(done.get("error_file_id").isNull()).isTrue();
        assertThat(done.get("metadata").get("purpose").asText()).isEqualTo("e2e");
        assertThat(done.get("completed_at").isNull()).isFalse();

        String output = openai.get("files/" + done.get("output_file_id").asText() + "/content").body();
        List<JsonNode> results = new ArrayList<>();
        for (String line : output.split("\n")) {
            results.add(JSON.readTree(line));
        }
        assertThat(results).hasSize(40);
        float[][] reference = FleetFixture.direct(texts);
        for (int i = 0; i < 40; i++) {
            JsonNode line = results.get(i);
            assertThat(line.get("id").asText()).startsWith("batch_req_");
            assertThat(line.get("custom_id").asText()).isEqualTo("req-" + i);
            assertThat(line.get("error").isNull()).isTrue();
            JsonNode response = line.get("response");
            assertThat(response.get("status_code").asInt()).isEqualTo(200);
            assertThat(response.get("request_id").asText()).isNotBlank();
            JsonNode embedding = response.get("body").get("data").get(0);
            assertThat(FleetFixture.cosine(FleetFixture.vector(embedding), reference[i])).isGreaterThanOrEqualTo(0.9999);
        }
        var cancel = openai.post("batches/" + batchId + "/cancel", "");
        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.json().get("error").get("message").asText()).contains("completed");
    }

    @Test
    void batchesAreListedNewestFirstWithACursor() throws Exception {
        String line = "{\"custom_id\": \"a\", \"method\": \"POST\", \"url\": \"/v1/embeddings\", \"body\": "
                + "{\"model\": \"all-minilm-l6-v2\", \"input\": \"hello\"}}\n";
        String fileId = openai.upload("one.jsonl", line.getBytes(StandardCharsets.UTF_8), "batch").json().get("id").asText();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(openai.post("batches", "{\"input_file_id\": \"" + fileId + "\", \"endpoint\": \"/v1/embeddings\","
                    + " \"completion_window\": \"24h\"}").json().get("id").asText());
            Thread.sleep(5);
        }
        var first = openai.get("batches?limit=2");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("object").asText()).isEqualTo("list");
        assertThat(first.json().get("data")).hasSize(2);
        assertThat(first.json().get("has_more").asBoolean()).isTrue();
        List<String> seen = new ArrayList<>();
        first.json().get("data").forEach(b -> seen.add(b.get("id").asText()));
        var next = openai.get("batches?limit=100&after=" + first.json().get("last_id").asText());
        next.json().get("data").forEach(b -> seen.add(b.get("id").asText()));
        assertThat(seen).containsSubsequence(ids.get(2), ids.get(1), ids.get(0)).doesNotHaveDuplicates();
    }

    static JsonNode awaitBatch(String batchId) {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(() -> {
            last[0] = openai.get("batches/" + batchId).json();
            return List.of("completed", "failed", "expired", "cancelled").contains(last[0].get("status").asText());
        });
        return last[0];
    }
}
