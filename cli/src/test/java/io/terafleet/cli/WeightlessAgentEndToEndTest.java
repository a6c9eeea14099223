package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.terafleet.agent.Agent;
import io.terafleet.agent.AgentConfig;
import io.terafleet.agent.OnlineOptions;
import io.terafleet.agent.inference.EmbeddingException;
import io.terafleet.agent.models.CarriedWeights;
import io.terafleet.agent.signals.SimulatedParkedCar;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.core.api.JobStatus;
import io.terafleet.core.model.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A car running the agent distribution carries no weights: it fetches the built-in model from the coordinator's
 * registry (the coordinator serves it from its own classpath), checks its SHA-256 and computes a unit with it.
 */
class WeightlessAgentEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void anAgentWithoutWeightsDownloadsTheBuiltInModelAndCompletesAUnit() throws Exception {
        List<String> texts = SampleCorpus.take(24);
        Path models = Files.createDirectories(dir.resolve("car-models")); // empty: nothing cached
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN))
                .withPort(0).withUnitSize(24);
        try (Coordinator coordinator = Coordinator.start(config, Clock.systemUTC());
             Agent car = weightless(coordinator, models)) {
            var client = new JobClient(coordinator.uri());
            JobStatus job = client.submit(FleetFixture.jsonl(texts), FleetFixture.MODEL);
            JobStatus done = JobProgress.follow(() -> client.status(job.id()), System.out, Duration.ofMillis(200));

            assertThat(done.state()).isEqualTo("completed");
            // The job ends when the coordinator stores the completion; the car counts it when the answer arrives.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(car.stats().unitsCompleted()).isEqualTo(1));
            var registered = ModelCatalog.find(FleetFixture.MODEL).orElseThrow();
            // Files named by the SHA-256 the store checked them against: the catalog's.
            assertThat(models.resolve(registered.sha256())).isRegularFile();
            assertThat(models.resolve(registered.tokenizerSha256())).isRegularFile();
            Path results = dir.resolve("results.jsonl");
            client.downloadResults(job.id(), results);
            FleetFixture.assertMatchesDirect(FleetFixture.readResults(results), texts);
        }
    }

    /** A car whose classpath opener must never be used: every model it runs comes from the registry. */
    private Agent weightless(Coordinator coordinator, Path models) {
        var config = new AgentConfig(coordinator.uri(), FleetFixture.TOKEN, "car-weightless", "HW3",
                List.of(FleetFixture.MODEL), 24, Duration.ofSeconds(2), Duration.ofMillis(100), FleetFixture.OPTED_IN);
        var online = OnlineOptions.defaults(dir.resolve("built-in")).withModelDir(models)
                .withWeights(CarriedWeights.none());
        return new Agent(config, new SimulatedParkedCar(Clock.systemUTC(), 80), model -> {
            throw new EmbeddingException("this car carries no weights; " + model + " must come from the registry");
        }, Clock.systemUTC(), online).start();
    }
}
