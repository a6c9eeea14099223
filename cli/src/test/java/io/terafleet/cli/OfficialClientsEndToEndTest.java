package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileListParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import io.terafleet.agent.Agent;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unmodified official OpenAI clients (Java, and Node when {@code node} is installed) against a coordinator and
 * a car doing real inference: embeddings, files uploaded, listed by purpose, downloaded with compression on (both
 * clients ask for gzip), deleted, and a batch created and retrieved until it completes.
 */
class OfficialClientsEndToEndTest {
    static final String OPERATOR_KEY = "operator-key-for-e2e-tests-0003";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NODE_DIR = Path.of("src/test/node");

    @TempDir
    static Path dir;
    static Coordinator coordinator;
    static Agent car;
    static String apiKey;
    static OpenAIClient openai;

    @BeforeAll
    static void start() throws Exception {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN))
                .withPort(0).withUnitSize(64);
        coordinator = Coordinator.start(config, CloudConfig.secured(config.database(), List.of(OPERATOR_KEY)),
                Clock.systemUTC());
        car = FleetFixture.agent(coordinator.uri(), "car-official");
        var tenant = new OpenAiWire(coordinator.uri().resolve("/v1/"), OPERATOR_KEY).post("tenants", "{\"name\": \"acme\"}");
        apiKey = tenant.json().get("api_key").asText();
        openai = OpenAIOkHttpClient.builder().baseUrl(coordinator.uri().resolve("/v1").toString()).apiKey(apiKey)
                .maxRetries(0).build();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                coordinator.cloud().router().readyCars(FleetFixture.MODEL) > 0);
    }

    @AfterAll
    static void stop() {
        if (openai != null) {
            openai.close();
        }
        car.close();
        coordinator.close();
    }

    @Test
    void theJavaClientEmbedsUploadsListsDownloadsDeletesAndBatches() throws Exception {
        var embeddings = openai.embeddings().create(EmbeddingCreateParams.builder().model(FleetFixture.MODEL)
                .inputOfArrayOfStrings(List.of("The Lord is my shepherd", "I shall not want")).build());
        assertThat(embeddings.data()).hasSize(2);
        assertThat(embeddings.data().get(0).embedding()).hasSize(384);
        assertThat(embeddings.usage().promptTokens()).isGreaterThan(4);

        String content = batchInput(200);
        FileObject file = openai.files().create(FileCreateParams.builder()
                .file(content.getBytes(StandardCharsets.UTF_8)).purpose(FilePurpose.BATCH).build());
        assertThat(file.bytes()).isEqualTo(content.getBytes(StandardCharsets.UTF_8).length);
        assertThat(ids(openai.files().list(FileListParams.builder().purpose("batch").build()).data())).contains(file.id());
        assertThat(ids(openai.files().list(FileListParams.builder().purpose("batch_output").build()).data()))
                .doesNotContain(file.id());
        assertThat(read(openai.files().content(file.id()).body())).isEqualTo(content);

        Batch batch = openai.batches().create(BatchCreateParams.builder().inputFileId(file.id())
                .endpoint(BatchCreateParams.Endpoint.V1_EMBEDDINGS).completionWindow(BatchCreateParams.CompletionWindow._24H)
                .build());
        assertThat(batch.status()).isEqualTo(Batch.Status.VALIDATING);
        Batch[] last = {batch};
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(() -> {
            last[0] = openai.batches().retrieve(batch.id());
            return last[0].status().equals(Batch.Status.COMPLETED) || last[0].status().equals(Batch.Status.FAILED);
        });
        assertThat(last[0].status()).isEqualTo(Batch.Status.COMPLETED);
        assertThat(last[0].requestCounts().orElseThrow().completed()).isEqualTo(200);
        String output = read(openai.files().content(last[0].outputFileId().orElseThrow()).body());
        List<String> lines = output.lines().toList();
        assertThat(lines).hasSize(200);
        JsonNode first = JSON.readTree(lines.getFirst());
        assertThat(first.get("response").get("body").get("data").get(0).get("embedding")).hasSize(384);
        assertThat(first.get("response").get("body").get("usage").get("prompt_tokens").asInt()).isPositive();

        assertThat(openai.files().delete(file.id()).deleted()).isTrue();
        Assertions.assertThatThrownBy(() -> openai.files().retrieve(file.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theNodeClientDoesTheSame() throws Exception {
        Assumptions.assumeTrue(commandWorks("node", "--version"), "node is not installed: the Node client check is skipped");
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules/openai"))) {
            Assumptions.assumeTrue(commandWorks("npm", "ci", "--no-audit", "--no-fund"),
                    "npm could not install the openai package: the Node client check is skipped");
        }
        String out = runNode("files-and-batches.mjs");
        JsonNode summary = JSON.readTree(out.lines().reduce((a, b) -> b).orElseThrow());
        assertThat(summary.get("embeddings").asInt()).isEqualTo(2);
        assertThat(summary.get("dimensions").asInt()).isEqualTo(384);
        assertThat(summary.get("listedByPurpose").asBoolean()).isTrue();
        assertThat(summary.get("listedAsOutput").asBoolean()).isFalse();
        assertThat(summary.get("contentMatches").asBoolean()).isTrue();
        assertThat(summary.get("createdStatus").asText()).isEqualTo("validating");
        assertThat(summary.get("finalStatus").asText()).isEqualTo("completed");
        assertThat(summary.get("outputLines").asInt()).isEqualTo(300);
        assertThat(summary.get("outputUsage").asBoolean()).isTrue();
        assertThat(summary.get("deleted").asBoolean()).isTrue();
        assertThat(summary.get("goneAfterDelete").asBoolean()).isTrue();
        assertThat(summary.get("unknownRouteStatus").asInt()).isEqualTo(404);
        assertThat(summary.get("unknownRouteType").asText()).isEqualTo("invalid_request_error");
        assertThat(summary.get("requestIdHeader").asBoolean()).isTrue();
    }

    /** Runs a Node client script with the coordinator's address and the tenant's key in its environment. */
    static String runNode(String script) throws Exception {
        var builder = new ProcessBuilder("node", script).directory(NODE_DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("OPENAI_BASE_URL", coordinator.uri().resolve("/v1").toString());
        builder.environment().put("OPENAI_API_KEY", apiKey);
        var process = builder.start();
        process.getOutputStream().close();
        String out = read(process.getInputStream());
        assertThat(process.waitFor(4, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    private static boolean commandWorks(String... command) {
        try {
            var process = new ProcessBuilder(command).directory(NODE_DIR.toFile()).redirectErrorStream(true).start();
            process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return process.waitFor(5, TimeUnit.MINUTES) && process.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    static String batchInput(int count) {
        var lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append("{\"custom_id\": \"java-").append(i).append("\", \"method\": \"POST\", \"url\": \"/v1/embeddings\",")
                    .append(" \"body\": {\"model\": \"").append(FleetFixture.MODEL).append("\", \"input\": \"verse ")
                    .append(i).append(": and God said, let there be light, and there was light\"}}\n");
        }
        return lines.toString();
    }

    private static List<String> ids(List<FileObject> files) {
        List<String> ids = new ArrayList<>();
        files.forEach(f -> ids.add(f.id()));
        return ids;
    }

    private static String read(InputStream in) throws Exception {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
