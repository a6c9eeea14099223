package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.agent.Agent;
import io.terafleet.agent.client.CoordinatorClient;
import io.terafleet.agent.identity.CarSigner;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.online.OnlineConfig;
import io.terafleet.core.api.EnrollRequest;
import io.terafleet.core.api.OnlinePoll;
import io.terafleet.core.api.OnlineTask;
import io.terafleet.core.api.TokenChunk;
import io.terafleet.core.identity.StreamChain;
import io.terafleet.generation.ChatMessage;
import io.terafleet.generation.EngineOptions;
import io.terafleet.generation.GenerationEngine;
import io.terafleet.generation.GenerationRequest;
import io.terafleet.generation.GenerationResult;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A car that streams the first tokens of an answer truthfully, then a chunk it changed after signing: the changed
 * chunk never reaches the customer, the car takes a strike, and an honest car resumes from the tokens checked so
 * far, so the streaming customer reads the model's own answer, once, as one continuous stream.
 */
class LyingStreamCarTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TRUE_TOKENS = 4;

    @TempDir
    Path dir;

    @Test
    void aChunkChangedAfterSigningIsNeverRelayedAndAnHonestCarResumes() throws Exception {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN)).withPort(0);
        // Long enough that the liar may wait for the honest car to load before it lies.
        var cloud = CloudConfig.embedded(config.database()).withOnline(new OnlineConfig(Duration.ofSeconds(60), 3,
                Duration.ofSeconds(30), Duration.ofSeconds(20)));
        var signals = new SwitchedCar(Clock.systemUTC());
        signals.plug(false); // the honest car stands by: the liar is handed the request
        try (Coordinator coordinator = Coordinator.start(config, cloud, Clock.systemUTC());
             GenerationEngine direct = GenerationEngine.open(GenerationFleet.MODEL_DIR, new EngineOptions(1, 4));
             Agent honest = GenerationFleet.car(coordinator.uri(), "honest", signals)) {
            int[] prompt = direct.encode(direct.applyChatTemplate(List.of(new ChatMessage("user", "And God said"))));
            List<String> pieces = new ArrayList<>();
            GenerationResult expected = direct.submit(GenerationRequest.greedy(prompt, 16),
                    (token, text, logprob) -> pieces.add(text)).result().get(60, TimeUnit.SECONDS);
            assertThat(expected.tokens().length).isGreaterThan(TRUE_TOKENS);

            var signer = CarSigner.withNewKey();
            var liar = new CoordinatorClient(coordinator.uri());
            var enrolled = liar.enroll(new EnrollRequest(FleetFixture.TOKEN, "liar", "HW3", null,
                    signer.publicKey()));
            liar.useCredential(enrolled.credential());
            CompletableFuture<OnlineTask> handed = CompletableFuture.supplyAsync(() ->
                    liar.onlinePoll(new OnlinePoll(List.of(GenerationFleet.MODEL), 20_000)));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    coordinator.cloud().router().readyCars(GenerationFleet.MODEL) == 1);

            CompletableFuture<String> streamed = CompletableFuture.supplyAsync(() -> stream(coordinator.uri()));
            OnlineTask task = handed.get(30, TimeUnit.SECONDS);
            assertThat(task.kind()).isEqualTo(OnlineTask.GENERATE);
            StreamChain chain = StreamChain.start(task.requestId(), task.model());
            assertThat(liar.onlineTokens(task.requestId(), signer.sign(chain, new TokenChunk(0,
                    Arrays.copyOf(expected.tokens(), TRUE_TOKENS), pieces.subList(0, TRUE_TOKENS),
                    Arrays.copyOf(expected.logprobs(), TRUE_TOKENS), null)))).isTrue();

            signals.plug(true);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    coordinator.cloud().router().readyCars(GenerationFleet.MODEL) == 1);
            TokenChunk signed = signer.sign(chain, new TokenChunk(TRUE_TOKENS, new int[] {300, 301},
                    List.of(" Amen", "."), new float[] {-0.01f, -0.01f}, null));
            TokenChunk changed = new TokenChunk(TRUE_TOKENS, signed.tokens(), List.of(" Gold", "!"),
                    signed.logprobs(), null, signed.signature());

            assertThat(liar.onlineTokens(task.requestId(), changed)).as("refused").isFalse();
            assertThat(streamed.get(60, TimeUnit.SECONDS)).isEqualTo(expected.text());
            assertThat(strikes(config, enrolled.carId())).isPositive();
        }
    }

    /** A streaming chat completion, read as server-sent events: the text of every delta, in order. */
    private static String stream(java.net.URI coordinator) {
        try {
            var reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(coordinator.resolve("/v1/chat/completions"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\": \"" + GenerationFleet.MODEL + "\", \"messages\": [{\"role\": \"user\","
                                    + " \"content\": \"And God said\"}], \"max_tokens\": 16, \"temperature\": 0,"
                                    + " \"stream\": true}")).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(reply.statusCode()).isEqualTo(200);
            StringBuilder text = new StringBuilder();
            try (InputStream body = reply.body();
                 var lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (!line.startsWith("data: ") || line.equals("data: [DONE]")) {
                        continue;
                    }
                    JsonNode event = JSON.readTree(line.substring(6));
                    assertThat(event.has("error")).as(line).isFalse();
                    for (JsonNode choice : event.path("choices")) {
                        text.append(choice.path("delta").path("content").asText(""));
                    }
                }
            }
            return text.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long strikes(CoordinatorConfig config, String carId) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(config.database().jdbcUrl(), config.database().user(),
                config.database().password());
             var q = c.prepareStatement("SELECT strikes FROM car_trust WHERE car_id = ?")) {
            q.setString(1, carId);
            try (var rows = q.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }
}
