package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.agent.Agent;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.core.api.GenerationOutput;
import io.terafleet.core.api.OnlinePoll;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.OnlineTask;
import io.terafleet.core.api.TokenChunk;
import io.terafleet.generation.ChatMessage;
import io.terafleet.generation.EngineOptions;
import io.terafleet.generation.GenerationEngine;
import io.terafleet.generation.GenerationRequest;
import io.terafleet.generation.GenerationResult;
import io.terafleet.generation.TokenListener;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A car that makes its answers up (tokens it never computed, log-probabilities it invented) among two honest cars,
 * with every answer spot-checked: it is caught, by re-scoring on the honest cars (whether it answered or was asked
 * to score), gets no more requests, and every customer still receives the model's real answer.
 */
class LyingCarTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Answers every generation with made-up tokens, every score with made-up log-probabilities. */
    static final class Liar extends LiarCar {
        final AtomicInteger handed = new AtomicInteger();
        final java.util.Queue<Boolean> streamed = new java.util.concurrent.ConcurrentLinkedQueue<>();

        Liar(java.net.URI coordinator) {
            super(coordinator);
        }

        @Override
        void lieOnce() {
            OnlineTask task = client.onlinePoll(new OnlinePoll(List.of(GenerationFleet.MODEL), 500));
            if (task == null) {
                return;
            }
            handed.incrementAndGet();
            if (OnlineTask.SCORE.equals(task.kind())) {
                float[] made = new float[task.generation().resumeTokens().length];
                Arrays.fill(made, -0.01f);
                client.onlineAnswer(task.requestId(), signer.sign(task.requestId(), task.model(),
                        OnlineResult.generated(new GenerationOutput(task.generation().resumeTokens(), made,
                                "scored", 3))));
            } else {
                int[] tokens = {300, 301, 302, 303};
                float[] logprobs = {-0.01f, -0.01f, -0.01f, -0.01f};
                streamed.add(client.onlineTokens(task.requestId(), signer.sign(
                        io.terafleet.core.identity.StreamChain.start(task.requestId(), task.model()),
                        new TokenChunk(0, tokens, List.of("a", "m", "e", "n"), logprobs, null))));
                client.onlineAnswer(task.requestId(), signer.sign(task.requestId(), task.model(),
                        OnlineResult.generated(new GenerationOutput(tokens, logprobs, "stop", 3))));
            }
        }
    }

    @Test
    void aCarThatMakesUpAnswersIsCaughtAndCustomersGetTheRealAnswer() throws Exception {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN)).withPort(0);
        try (Coordinator coordinator = Coordinator.start(config, CloudConfig.embedded(config.database()), Clock.systemUTC());
             GenerationEngine direct = GenerationEngine.open(GenerationFleet.MODEL_DIR, new EngineOptions(1, 4))) {
            coordinator.cloud().router().spotChecks().checkShare(1.0);
            Agent honest1 = GenerationFleet.car(coordinator.uri(), "honest-1", new SwitchedCar(Clock.systemUTC()));
            Agent honest2 = GenerationFleet.car(coordinator.uri(), "honest-2", new SwitchedCar(Clock.systemUTC()));
            Liar liar = new Liar(coordinator.uri());
            Thread liarThread = Thread.ofVirtual().start(liar);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                        coordinator.cloud().router().readyCars(GenerationFleet.MODEL) >= 3);
                int[] prompt = direct.encode(direct.applyChatTemplate(List.of(new ChatMessage("user", "And God said"))));
                GenerationResult expected = direct.submit(GenerationRequest.greedy(prompt, 12), TokenListener.NONE)
                        .result().get(60, TimeUnit.SECONDS);
                var http = HttpClient.newHttpClient();
                List<String> answers = new ArrayList<>();
                for (int i = 0; i < 12 && coordinator.cloud().router().spotChecks().caughtCars().isEmpty() || i < 4; i++) {
                    var reply = http.send(HttpRequest.newBuilder(coordinator.uri().resolve("/v1/chat/completions"))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"model\": \"" + GenerationFleet.MODEL + "\", \"messages\": [{\"role\": \"user\","
                                            + " \"content\": \"And God said\"}], \"max_tokens\": 12, \"temperature\": 0}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
                    JsonNode body = JSON.readTree(reply.body());
                    answers.add(body.get("choices").get(0).get("message").get("content").asText());
                }
                assertThat(coordinator.cloud().router().spotChecks().caughtCars())
                        .as("handed the liar %d requests, its chunks taken %s; answers %s", liar.handed.get(), liar.streamed, answers)
                        .containsExactly(liar.carId);
                assertThat(invalidVerdicts(config, liar.carId)).as("the catch is a verdict in the shared trust book")
                        .isPositive();
                assertThat(liar.handed.get()).isPositive();
                assertThat(answers).allMatch(expected.text()::equals);
                int handedWhenCaught = liar.handed.get();
                for (int i = 0; i < 3; i++) {
                    http.send(HttpRequest.newBuilder(coordinator.uri().resolve("/v1/completions"))
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"model\": \"" + GenerationFleet.MODEL + "\", \"prompt\": \"Amen\", \"max_tokens\": 4}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                }
                assertThat(liar.handed.get()).isEqualTo(handedWhenCaught);
            } finally {
                liar.running = false;
                liarThread.join(5_000);
                honest1.close();
                honest2.close();
            }
        }
    }

    /** The invalid verdicts the store's trust book holds for the car (what every coordinator on it goes by). */
    private static long invalidVerdicts(CoordinatorConfig config, String carId) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(config.database().jdbcUrl(), config.database().user(),
                config.database().password());
             var q = c.prepareStatement("SELECT total_invalid FROM car_trust WHERE car_id = ?")) {
            q.setString(1, carId);
            try (var rows = q.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }
}
