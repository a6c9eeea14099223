package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.agent.client.CoordinatorClient;
import io.terafleet.agent.client.OnlineChannel;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.online.OnlineConfig;
import io.terafleet.core.api.EnrollRequest;
import io.terafleet.core.api.FloatVectors;
import io.terafleet.core.api.OnlinePoll;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.OnlineTask;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission through a running coordinator: while its only car is busy and the model's queue is full, a request
 * is refused at once with 429, the OpenAI error envelope and a Retry-After, never left waiting; the busy car's
 * request is still answered.
 */
class OnlineAdmissionEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void aRequestBeyondTheQueueIsRefusedWith429AndRetryAfter() throws Exception {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN)).withPort(0);
        var online = new OnlineConfig(Duration.ofSeconds(30), 1, Duration.ofSeconds(30), Duration.ofSeconds(20), 0);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
             Coordinator coordinator = Coordinator.start(config,
                     CloudConfig.secured(config.database(), List.of(OpenAiEndToEndTest.OPERATOR_KEY)).withOnline(online),
                     Clock.systemUTC())) {
            var operator = new OpenAiWire(coordinator.uri().resolve("/v1/"), OpenAiEndToEndTest.OPERATOR_KEY);
            var tenant = operator.post("tenants", "{\"name\": \"acme\"}");
            var openai = new OpenAiWire(coordinator.uri().resolve("/v1/"), tenant.json().get("api_key").asText());
            var client = new CoordinatorClient(coordinator.uri());
            var signer = io.terafleet.agent.identity.CarSigner.withNewKey();
            client.enroll(new EnrollRequest(FleetFixture.TOKEN, "busy-car", "HW3", null, signer.publicKey()));
            var car = new OnlineChannel(client, Clock.systemUTC());
            CompletableFuture<OnlineTask> held = CompletableFuture.supplyAsync(() ->
                    car.onlinePoll(new OnlinePoll(List.of(FleetFixture.MODEL), 20_000)), threads);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    coordinator.cloud().router().readyCars(FleetFixture.MODEL) > 0);
            List<String> texts = SampleCorpus.take(1);
            float[][] vectors = FleetFixture.direct(texts);
            String body = "{\"model\": \"" + FleetFixture.MODEL + "\", \"input\": "
                    + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(texts.getFirst()) + "}";
            CompletableFuture<OpenAiWire.Reply> first = CompletableFuture.supplyAsync(() -> post(openai, body), threads);
            OnlineTask task = held.get();

            var refused = openai.post("embeddings", body);

            assertThat(refused.status()).as(refused.body()).isEqualTo(429);
            assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
            assertThat(refused.json().get("error").get("message").asText()).contains("busy");
            assertThat(car.onlineAnswer(task.requestId(), signer.sign(task.requestId(), task.model(), new OnlineResult(
                    List.of(FloatVectors.toBase64(vectors[0])), 4, null, null, null)))).isTrue();
            assertThat(first.get().status()).as(first.get().body()).isEqualTo(200);
            car.close();
        }
    }

    private static OpenAiWire.Reply post(OpenAiWire openai, String body) {
        try {
            return openai.post("embeddings", body);
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
