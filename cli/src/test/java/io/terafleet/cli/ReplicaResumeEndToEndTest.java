package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import io.terafleet.agent.Agent;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.generation.ChatMessage;
import io.terafleet.generation.EngineOptions;
import io.terafleet.generation.GenerationEngine;
import io.terafleet.generation.GenerationRequest;
import io.terafleet.generation.TokenListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replicated batch on kjv-gpt whose replica lane loses its car mid-answer: the car hands back its tokens so far,
 * another owner's car resumes that lane from them (prefix replay, same seed), the resumed replica agrees token for
 * token with the other lane, every car that generated part of it is judged valid, and the customer gets the model's
 * answers.
 */
class ReplicaResumeEndToEndTest {
    private static final String OPERATOR_KEY = "operator-key-for-e2e-tests-0025";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PROMPTS = List.of("In the beginning", "The LORD is my shepherd");
    private static final int MAX_TOKENS = 100;

    @TempDir
    Path dir;

    @Test
    void aPreemptedReplicaResumesFromItsOwnPrefixAndStillAgrees() throws Exception {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN)).withPort(0);
        try (Coordinator coordinator = Coordinator.start(config, CloudConfig.secured(config.database(),
                List.of(OPERATOR_KEY)), Clock.systemUTC());
             GenerationEngine direct = GenerationEngine.open(GenerationFleet.MODEL_DIR, new EngineOptions(1, 4))) {
            var tenant = new OpenAiWire(coordinator.uri().resolve("/v1/"), OPERATOR_KEY).post("tenants",
                    "{\"name\": \"replicas\"}");
            OpenAIClient openai = OpenAIOkHttpClient.builder().baseUrl(coordinator.uri().resolve("/v1").toString())
                    .apiKey(tenant.json().get("api_key").asText()).maxRetries(0).build();
            var signalsA = new SwitchedCar(Clock.systemUTC());
            var signalsB = new SwitchedCar(Clock.systemUTC());
            var signalsC = new SwitchedCar(Clock.systemUTC());
            signalsB.plug(false); // B and C stand by while A starts a lane
            signalsC.plug(false);
            List<Agent> cars = new ArrayList<>();
            try {
                Agent a = GenerationFleet.car(coordinator.uri(), "lane-a", signalsA);
                cars.add(a);
                Agent b = GenerationFleet.car(coordinator.uri(), "lane-b", signalsB);
                cars.add(b);
                Agent c = GenerationFleet.car(coordinator.uri(), "lane-c", signalsC);
                cars.add(c);
                Batch batch = submit(openai);
                Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(5))
                        .until(() -> a.tokensGenerated() >= 8);
                signalsA.plug(false);
                signalsB.plug(true);
                signalsC.plug(true);

                Batch[] last = {batch};
                Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    last[0] = openai.batches().retrieve(batch.id());
                    return List.of("completed", "failed", "cancelled", "expired").contains(last[0].status().asString());
                });
                assertThat(last[0].status().asString()).as(String.valueOf(last[0].errors())).isEqualTo("completed");
                assertThat(a.preemptions()).as("A handed its lane back mid-answer").isNotEmpty();

                String output;
                try (var in = openai.files().content(last[0].outputFileId().orElseThrow()).body()) {
                    output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                for (String text : output.lines().toList()) {
                    JsonNode line = JSON.readTree(text);
                    int i = Integer.parseInt(line.get("custom_id").asText().substring(5));
                    int[] prompt = direct.encode(direct.applyChatTemplate(List.of(new ChatMessage("user",
                            PROMPTS.get(i)))));
                    String expected = direct.submit(new GenerationRequest(prompt, MAX_TOKENS, temperature(i), 1, 7,
                            List.of(), 0), TokenListener.NONE).result().get(60, TimeUnit.SECONDS).text();
                    assertThat(line.get("response").get("body").get("choices").get(0).get("message").get("content")
                            .asText()).as("line " + i).isEqualTo(expected);
                }
                // A's lane was finished by another car from A's tokens: its replica names both, and it agreed.
                List<String> resumed = strings(config, "SELECT answer FROM replica_results WHERE car_id <> '"
                        + a.carId() + "' AND answer LIKE '%" + a.carId() + "%'");
                assertThat(resumed).as("a replica resumed after A's tokens").isNotEmpty();
                assertThat(strings(config, "SELECT verdict FROM replica_results")).containsOnly("VALID");
                for (Agent car : cars) {
                    assertThat(strings(config, "SELECT total_invalid FROM car_trust WHERE car_id = '" + car.carId()
                            + "'")).as(car.carId()).allMatch("0"::equals);
                }
                assertThat(strings(config, "SELECT total_valid FROM car_trust WHERE car_id = '" + a.carId() + "'"))
                        .as("A's part of the agreeing replica counts for A").containsExactly("1");
                assertThat(coordinator.ledger().repository().sumOfAllEntries()).isZero();
            } finally {
                openai.close();
                cars.forEach(Agent::close);
            }
        }
    }

    /** Line 0 greedy, line 1 sampled with seed 7: a resumed lane must draw what an uninterrupted one draws. */
    private static double temperature(int line) {
        return line == 0 ? 0 : 0.8;
    }

    private static Batch submit(OpenAIClient openai) {
        var lines = new StringBuilder();
        for (int i = 0; i < PROMPTS.size(); i++) {
            lines.append("{\"custom_id\": \"line-").append(i).append("\", \"method\": \"POST\", \"url\":")
                    .append(" \"/v1/chat/completions\", \"body\": {\"model\": \"").append(GenerationFleet.MODEL)
                    .append("\", \"messages\": [{\"role\": \"user\", \"content\": \"").append(PROMPTS.get(i))
                    .append("\"}], \"max_tokens\": ").append(MAX_TOKENS).append(", \"temperature\": ")
                    .append(temperature(i)).append(", \"seed\": 7}}\n");
        }
        var file = openai.files().create(FileCreateParams.builder()
                .file(lines.toString().getBytes(StandardCharsets.UTF_8)).purpose(FilePurpose.BATCH).build());
        return openai.batches().create(BatchCreateParams.builder().inputFileId(file.id())
                .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                .completionWindow(BatchCreateParams.CompletionWindow._24H)
                .metadata(BatchCreateParams.Metadata.builder()
                        .putAdditionalProperty("replication", JsonValue.from("2")).build())
                .build());
    }

    private static List<String> strings(CoordinatorConfig config, String sql) throws Exception {
        try (var c = DriverManager.getConnection(config.database().jdbcUrl(), config.database().user(),
                config.database().password()); var q = c.prepareStatement(sql); var rows = q.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
