package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.core.api.CompleteResponse;
import io.terafleet.core.api.LeasedUnit;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trusted checker that lies, on the shipped kjv-gpt: it refutes an honest car's batch answer by claiming the model
 * would have chosen another first token. Its word alone strikes nobody: a second trusted checker of a third owner
 * re-scores the answer on the real engine and confirms it, so the answer is delivered (the model's greedy answer),
 * the honest car is not struck, the disagreement is recorded and shown in the batch's progress, and both checkers are
 * paid by the platform with the ledger summing to zero.
 */
class DisputedCheckEndToEndTest {
    private static final String OPERATOR_KEY = "operator-key-for-e2e-tests-0031";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMPT = "In the beginning";
    private static final int MAX_TOKENS = 16;

    @TempDir
    static Path root;
    static GenerationEngine direct;

    @BeforeAll
    static void open() throws Exception {
        direct = GenerationEngine.open(GenerationFleet.MODEL_DIR, new EngineOptions(1, 4));
    }

    @AfterAll
    static void close() {
        direct.close();
    }

    @Test
    void aLyingCheckersRefutationIsOverruledByASecondCheckerAndNobodyIsStruck() throws Exception {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(root.resolve("disputed")),
                List.of(FleetFixture.TOKEN)).withPort(0);
        try (Coordinator coordinator = Coordinator.start(config, CloudConfig.secured(config.database(),
                List.of(OPERATOR_KEY)), Clock.systemUTC())) {
            coordinator.units().checkGenerationShare(1.0);
            var lyingChecker = new HandCheckingCar(coordinator.uri(), "checker-m", direct);
            var honestChecker = new HandCheckingCar(coordinator.uri(), "checker-c", direct);
            setTrusted(config, lyingChecker.carId);
            setTrusted(config, honestChecker.carId);
            String key = new OpenAiWire(coordinator.uri().resolve("/v1/"), OPERATOR_KEY).post("tenants",
                    "{\"name\": \"disputed\"}").json().get("api_key").asText();
            var wire = new OpenAiWire(coordinator.uri().resolve("/v1/"), key);
            String batchId = submit(coordinator, wire);

            var answering = new HandGenerationCar(coordinator.uri(), "answering", direct);
            assertThat(answering.answerHonestly(answering.leaseOne(), 0.01)).isEqualTo(CompleteResponse.ACCEPTED);
            assertThat(wire.get("batches/" + batchId).json().get("verification").get("awaiting_check").asInt())
                    .as("the batch shows its answer held").isEqualTo(1);

            LeasedUnit first = lyingChecker.leaseOne();
            assertThat(lyingChecker.check(first, true)).isEqualTo(CompleteResponse.ACCEPTED);
            assertThat(count(config, "SELECT COUNT(*) FROM car_trust WHERE car_id = '" + answering.carId
                    + "' AND total_invalid > 0")).as("not struck on one word").isZero();
            LeasedUnit second = honestChecker.leaseOne();
            assertThat(second.unitId()).contains("-2nd");
            assertThat(honestChecker.check(second, false)).isEqualTo(CompleteResponse.ACCEPTED);

            JsonNode done = awaitEnd(wire, batchId);
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
            assertThat(done.get("verification").get("disputed").asInt()).isEqualTo(1);
            assertThat(outputText(wire, done)).isEqualTo(greedyAnswer());
            assertThat(count(config, "SELECT COALESCE(SUM(total_invalid), 0) FROM car_trust")).as("nobody struck")
                    .isZero();
            assertThat(count(config, "SELECT COUNT(*) FROM generation_check_refutations WHERE upheld = FALSE"
                    + " AND refuted_by = '" + lyingChecker.carId + "' AND second_checker = '" + honestChecker.carId
                    + "'")).isEqualTo(1);

            // Both checkers did the work and are paid by the platform; the answering car with the delivered answer.
            assertThat(paid(coordinator, lyingChecker.carId)).isPositive();
            assertThat(paid(coordinator, honestChecker.carId)).isPositive();
            assertThat(paid(coordinator, answering.carId)).isPositive();
            assertThat(coordinator.ledger().repository().sumOfAllEntries()).isZero();
            assertThat(coordinator.ledger().repository().invariantViolations()).isEmpty();
        }
    }

    private static String submit(Coordinator coordinator, OpenAiWire wire) throws Exception {
        String line = JSON.writeValueAsString(Map.of("custom_id", "line-0", "method", "POST", "url",
                "/v1/chat/completions", "body", Map.of("model", GenerationFleet.MODEL, "messages",
                        List.of(Map.of("role", "user", "content", PROMPT)), "max_tokens", MAX_TOKENS,
                        "temperature", 0)));
        String fileId = wire.upload("lines.jsonl", (line + "\n").getBytes(StandardCharsets.UTF_8), "batch").json()
                .get("id").asText();
        String batchId = wire.post("batches", JSON.writeValueAsString(Map.of("input_file_id", fileId, "endpoint",
                "/v1/chat/completions", "completion_window", "24h"))).json().get("id").asText();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> coordinator.units().hasQueuedWork(java.util.Set.of(GenerationFleet.MODEL)));
        return batchId;
    }

    private static JsonNode awaitEnd(OpenAiWire wire, String batchId) {
        JsonNode[] last = {null};
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = wire.get("batches/" + batchId).json();
            return List.of("completed", "failed", "cancelled", "expired").contains(last[0].get("status").asText());
        });
        return last[0];
    }

    private static String outputText(OpenAiWire wire, JsonNode batch) throws Exception {
        String output = wire.get("files/" + batch.get("output_file_id").asText() + "/content").body();
        JsonNode line = JSON.readTree(output.lines().findFirst().orElseThrow());
        return line.get("response").get("body").get("choices").get(0).get("message").get("content").asText();
    }

    private static String greedyAnswer() throws Exception {
        int[] prompt = direct.encode(direct.applyChatTemplate(List.of(new ChatMessage("user", PROMPT))));
        return direct.submit(GenerationRequest.greedy(prompt, MAX_TOKENS), TokenListener.NONE).result()
                .get(60, TimeUnit.SECONDS).text();
    }

    private static long paid(Coordinator coordinator, String owner) {
        return coordinator.ledger().statement(owner, null, null).totals().stream()
                .mapToLong(line -> line.revenueShareMicros() + line.energyCostMicros()).sum();
    }

    private static void setTrusted(CoordinatorConfig config, String carId) throws Exception {
        try (var c = connect(config); var insert = c.prepareStatement("INSERT INTO car_trust (car_id, state,"
                + " valid_streak, strikes, total_valid, total_invalid, canaries_passed, updated_at)"
                + " VALUES (?, 'TRUSTED', 20, 0, 20, 0, 1, 0)")) {
            insert.setString(1, carId);
            insert.executeUpdate();
        }
    }

    private static long count(CoordinatorConfig config, String sql) throws Exception {
        try (var c = connect(config); var q = c.prepareStatement(sql); var rows = q.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    private static java.sql.Connection connect(CoordinatorConfig config) throws Exception {
        return DriverManager.getConnection(config.database().jdbcUrl(), config.database().user(),
                config.database().password());
    }
}
