package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.agent.Agent;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.online.OnlineConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dynamic batching through a running coordinator and a real car: four concurrent requests of two texts fill a
 * batch of eight, the car computes them in one call, and every request gets its own vectors, as direct inference.
 */
class OnlineBatchingEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void concurrentRequestsAreComputedInOneCarCallAndEachGetsItsOwnVectors() throws Exception {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN)).withPort(0);
        var online = new OnlineConfig(Duration.ofSeconds(30), 3, Duration.ofSeconds(2), Duration.ofSeconds(20), 256)
                .withBatching(8, Duration.ofSeconds(10)); // a cold car on a loaded machine may take seconds
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
             Coordinator coordinator = Coordinator.start(config,
                     CloudConfig.secured(config.database(), List.of(OpenAiEndToEndTest.OPERATOR_KEY)).withOnline(online),
                     Clock.systemUTC());
             Agent car = FleetFixture.agent(coordinator.uri(), "batching-car", List.of(FleetFixture.MODEL))) {
            var operator = new OpenAiWire(coordinator.uri().resolve("/v1/"), OpenAiEndToEndTest.OPERATOR_KEY);
            var tenant = operator.post("tenants", "{\"name\": \"acme\"}");
            var openai = new OpenAiWire(coordinator.uri().resolve("/v1/"), tenant.json().get("api_key").asText());
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    coordinator.cloud().router().readyCars(FleetFixture.MODEL) > 0);
            List<String> corpus = SampleCorpus.take(8);
            List<CompletableFuture<OpenAiWire.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String body = "{\"model\": \"" + FleetFixture.MODEL + "\", \"input\": "
                        + JSON.writeValueAsString(corpus.subList(2 * i, 2 * i + 2)) + "}";
                replies.add(CompletableFuture.supplyAsync(() -> post(openai, body), threads));
            }

            float[][] reference = FleetFixture.direct(corpus);
            for (int i = 0; i < 4; i++) {
                var reply = replies.get(i).get();
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                assertThat(reply.json().get("data")).hasSize(2);
                for (int j = 0; j < 2; j++) {
                    assertThat(FleetFixture.cosine(FleetFixture.vector(reply.json().get("data").get(j)),
                            reference[2 * i + j])).isGreaterThanOrEqualTo(0.9999);
                }
                assertThat(reply.json().get("usage").get("prompt_tokens").asInt()).isPositive();
            }
            assertThat(car.onlineServed()).isEqualTo(1);
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
