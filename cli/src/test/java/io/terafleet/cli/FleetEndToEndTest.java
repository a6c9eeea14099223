package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.terafleet.agent.Agent;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.core.api.JobStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real job through a coordinator and two cars returns what direct inference returns. */
class FleetEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void jobEmbeddingsEqualDirectInference() throws Exception {
        List<String> texts = SampleCorpus.take(300);
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN))
                .withPort(0).withUnitSize(24);
        try (Coordinator coordinator = Coordinator.start(config, Clock.systemUTC());
             Agent car1 = FleetFixture.agent(coordinator.uri(), "car-1");
             Agent car2 = FleetFixture.agent(coordinator.uri(), "car-2")) {
            var client = new JobClient(coordinator.uri());
            JobStatus job = client.submit(FleetFixture.jsonl(texts), FleetFixture.MODEL);
            assertThat(job.total()).isEqualTo(300);
            assertThat(job.state()).isIn("validating", "in_progress"); // the job lifecycle's names since V2

            JobStatus done = JobProgress.follow(() -> client.status(job.id()), System.out, Duration.ofMillis(200));
            assertThat(done.state()).isEqualTo("completed");
            assertThat(done.completed()).isEqualTo(300);
            assertThat(done.failed()).isZero();

            Path results = dir.resolve("results.jsonl");
            client.downloadResults(job.id(), results);
            FleetFixture.assertMatchesDirect(FleetFixture.readResults(results), texts);
            // The cars count a completion when its answer arrives, which may be just after the job ended.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(car1.stats().inputsCompleted() + car2.stats().inputsCompleted()).isEqualTo(300);
                assertThat(car1.stats().unitsCompleted() + car2.stats().unitsCompleted()).isEqualTo(13);
            });
        }
    }
}
