package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import io.terafleet.agent.Agent;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.core.ledger.StatementLine;
import io.terafleet.generation.ChatMessage;
import io.terafleet.generation.EngineOptions;
import io.terafleet.generation.GenerationEngine;
import io.terafleet.generation.GenerationRequest;
import io.terafleet.generation.GenerationResult;
import io.terafleet.generation.TokenListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch of chat completions on the lease path with real cars carrying kjv-gpt: the lines become one generation
 * job whose unit a car decodes together; the car is preempted mid-unit and hands back its finished answers and the
 * tokens so far of the others, another car resumes those from their prefix, and every line's answer is the one an
 * uninterrupted run of the engine gives (greedy, and sampled with its seed). Each car is paid for its own tokens.
 */
class BatchGenerationEndToEndTest {
    private static final String OPERATOR_KEY = "operator-key-for-e2e-tests-0012";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PROMPTS = List.of("In the beginning", "And God said", "The LORD is my shepherd",
            "Blessed are the meek");
    private static final int MAX_TOKENS = 100;

    @TempDir
    static Path dir;
    static Coordinator coordinator;
    static SwitchedCar signalsA;
    static SwitchedCar signalsB;
    static Agent carA;
    static Agent carB;
    static OpenAIClient openai;
    static GenerationEngine direct;

    @BeforeAll
    static void start() throws Exception {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN)).withPort(0);
        coordinator = Coordinator.start(config, CloudConfig.secured(config.database(), List.of(OPERATOR_KEY)),
                Clock.systemUTC());
        signalsA = new SwitchedCar(Clock.systemUTC());
        signalsB = new SwitchedCar(Clock.systemUTC());
        signalsB.plug(false); // B stands by until A is preempted
        carA = GenerationFleet.car(coordinator.uri(), "batch-a", signalsA);
        carB = GenerationFleet.car(coordinator.uri(), "batch-b", signalsB);
        var tenant = new OpenAiWire(coordinator.uri().resolve("/v1/"), OPERATOR_KEY).post("tenants", "{\"name\": \"bulk\"}");
        openai = OpenAIOkHttpClient.builder().baseUrl(coordinator.uri().resolve("/v1").toString())
                .apiKey(tenant.json().get("api_key").asText()).maxRetries(0).build();
        direct = GenerationEngine.open(GenerationFleet.MODEL_DIR, new EngineOptions(1, 4));
    }

    @AfterAll
    static void stop() {
        openai.close();
        carA.close();
        carB.close();
        coordinator.close();
        direct.close();
    }

    private static GenerationResult reference(String prompt, double temperature, long seed) throws Exception {
        int[] tokens = direct.encode(direct.applyChatTemplate(List.of(new ChatMessage("user", prompt))));
        return direct.submit(new GenerationRequest(tokens, MAX_TOKENS, temperature, 1, seed, List.of(), 0),
                TokenListener.NONE).result().get(60, TimeUnit.SECONDS);
    }

    /** Line i: greedy, except the last, which samples with seed 7. */
    private static double temperature(int line) {
        return line == PROMPTS.size() - 1 ? 0.8 : 0;
    }

    @Test
    void aCarPreemptedMidUnitHandsItsAnswersSoFarToAnotherCarThatFinishesThemAsOneRunWould() throws Exception {
        var lines = new StringBuilder();
        for (int i = 0; i < PROMPTS.size(); i++) {
            lines.append("{\"custom_id\": \"line-").append(i).append("\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\",")
                    .append(" \"body\": {\"model\": \"").append(GenerationFleet.MODEL).append("\", \"messages\": [{\"role\": \"user\",")
                    .append(" \"content\": \"").append(PROMPTS.get(i)).append("\"}], \"max_tokens\": ").append(MAX_TOKENS)
                    .append(", \"temperature\": ").append(temperature(i)).append(", \"seed\": 7}}\n");
        }
        var file = openai.files().create(FileCreateParams.builder().file(lines.toString().getBytes(StandardCharsets.UTF_8))
                .purpose(FilePurpose.BATCH).build());
        Batch batch = openai.batches().create(BatchCreateParams.builder().inputFileId(file.id())
                .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                .completionWindow(BatchCreateParams.CompletionWindow._24H).build());

        // A decodes the unit's answers together; once it has some tokens its owner needs the car back.
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(5))
                .until(() -> carA.tokensGenerated() >= 8);
        signalsA.plug(false);
        signalsB.plug(true);

        Batch[] last = {batch};
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = openai.batches().retrieve(batch.id());
            return List.of("completed", "failed", "cancelled", "expired").contains(last[0].status().asString());
        });
        assertThat(last[0].status().asString()).as(String.valueOf(last[0].errors())).isEqualTo("completed");
        assertThat(last[0].requestCounts().orElseThrow().completed()).isEqualTo(PROMPTS.size());
        assertThat(carA.preemptions()).as("A handed its unit back mid-answer").isNotEmpty();
        assertThat(carB.tokensGenerated()).as("B resumed what A left").isPositive();

        String output;
        try (var in = openai.files().content(last[0].outputFileId().orElseThrow()).body()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> results = output.lines().toList();
        assertThat(results).hasSize(PROMPTS.size());
        long completionTokens = 0;
        for (String text : results) {
            JsonNode line = JSON.readTree(text);
            int i = Integer.parseInt(line.get("custom_id").asText().substring(5));
            GenerationResult expected = reference(PROMPTS.get(i), temperature(i), 7);
            assertThat(line.get("id").asText()).startsWith("batch_req_");
            assertThat(line.get("error").isNull()).isTrue();
            JsonNode response = line.get("response");
            assertThat(response.get("status_code").asInt()).isEqualTo(200);
            assertThat(response.get("request_id").asText()).startsWith("req_");
            JsonNode body = response.get("body");
            assertThat(body.get("object").asText()).isEqualTo("chat.completion");
            assertThat(body.get("id").asText()).startsWith("chatcmpl-");
            assertThat(body.get("model").asText()).isEqualTo(GenerationFleet.MODEL);
            JsonNode choice = body.get("choices").get(0);
            assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
            assertThat(choice.get("message").get("content").asText()).as("line " + i).isEqualTo(expected.text());
            assertThat(choice.get("finish_reason").asText())
                    .isEqualTo(expected.tokens().length == MAX_TOKENS ? "length" : "stop");
            assertThat(body.get("usage").get("completion_tokens").asInt()).isEqualTo(expected.tokens().length);
            assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(expected.promptTokens());
            completionTokens += expected.tokens().length;
        }
        // Split pay: each car's owner is paid for the tokens that car produced, and together for every token once.
        long paidA = completionTokensPaid(carA.carId());
        long paidB = completionTokensPaid(carB.carId());
        assertThat(paidA).isPositive();
        assertThat(paidB).isPositive();
        assertThat(paidA + paidB).isEqualTo(completionTokens);
        assertThat(coordinator.ledger().repository().sumOfAllEntries()).isZero();
    }

    private static long completionTokensPaid(String owner) {
        return coordinator.ledger().statement(owner, null, null).totals().stream()
                .mapToLong(StatementLine::completionTokens).sum();
    }
}
