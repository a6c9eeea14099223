package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.terafleet.agent.Agent;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code submit --wait --out} while the coordinator restarts: it goes away with the job accepted and not started,
 * comes back on the same store and port, a car does the work, and the waiting client reconnects and writes every
 * result.
 */
class SubmitAcrossRestartTest {
    @TempDir
    Path dir;

    @Test
    void waitRidesOutACoordinatorRestartAndWritesTheResults() throws Exception {
        var database = DatabaseConfig.h2File(dir.resolve("store"));
        var config = CoordinatorConfig.defaults(database, List.of(FleetFixture.TOKEN)).withPort(0).withUnitSize(8);
        List<String> texts = SampleCorpus.take(24);
        Path inputs = dir.resolve("inputs.jsonl");
        Files.write(inputs, JsonlFiles.lines(texts));
        Path results = dir.resolve("results.jsonl");

        Coordinator first = Coordinator.start(config, Clock.systemUTC());
        int port = first.port();
        String uri = first.uri().toString();
        var waiting = CliRun.start("submit", inputs.toString(), "--coordinator", uri, "--wait",
                "--out", results.toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> waiting.outSoFar().contains("accepted: 24 inputs"));
        first.close(); // no car yet: the job is accepted and waiting
        await().atMost(Duration.ofSeconds(20)).until(() -> waiting.errSoFar().contains("reconnecting"));

        try (Coordinator second = Coordinator.start(config.withPort(port), Clock.systemUTC());
             Agent car = FleetFixture.agent(second.uri(), "car-1")) {
            CliRun run = waiting.await(Duration.ofMinutes(2));
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("completed, 0 failed").contains("results written to");
            assertThat(run.err()).contains("lost the coordinator at " + uri);
            assertThat(run.hasNoStackTrace()).as(run.toString()).isTrue();
            var lines = FleetFixture.readResults(results);
            assertThat(lines).hasSize(texts.size());
            for (int i = 0; i < lines.size(); i++) {
                assertThat(lines.get(i).get("index").asInt()).isEqualTo(i);
                assertThat(FleetFixture.vector(lines.get(i))).hasSize(384);
            }
        }
    }
}
