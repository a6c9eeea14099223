package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.terafleet.agent.Agent;
import io.terafleet.agent.client.CoordinatorClient;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.core.api.EnrollRequest;
import io.terafleet.core.api.JobStatus;
import io.terafleet.core.api.LeaseRequest;
import io.terafleet.core.api.LeasedUnit;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A car that dies holding a unit loses it when its lease expires, and another car runs it. */
class AgentDeathTest {
    @TempDir
    Path dir;

    @Test
    void unitOfADeadCarIsRerunByAnotherAfterItsLeaseExpires() throws Exception {
        List<String> texts = SampleCorpus.take(40);
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN))
                .withPort(0).withUnitSize(20).withLeaseTtl(Duration.ofSeconds(1));
        try (Coordinator coordinator = Coordinator.start(config, Clock.systemUTC())) {
            var client = new JobClient(coordinator.uri());
            JobStatus job = client.submit(FleetFixture.jsonl(texts), FleetFixture.MODEL);

            var doomed = new CoordinatorClient(coordinator.uri());
            doomed.enroll(new EnrollRequest(FleetFixture.TOKEN, "doomed-car", "HW3", null,
                    io.terafleet.agent.identity.CarSigner.withNewKey().publicKey()));
            List<LeasedUnit> held = doomed.lease(new LeaseRequest(1, 0, List.of())).units();
            assertThat(held).hasSize(1);
            assertThat(client.status(job.id()).running()).isEqualTo(20);
            // The doomed car now goes silent: no heartbeat, no completion, ever.

            try (Agent survivor = FleetFixture.agent(coordinator.uri(), "survivor")) {
                JobStatus done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> client.status(job.id()), s -> s.finishedAt() != null);
                assertThat(done.completed()).isEqualTo(40);
                // The survivor counts a completion when its answer arrives, which may be just after the job ended.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(survivor.stats().unitsCompleted()).isEqualTo(2);
                    assertThat(survivor.stats().inputsCompleted()).isEqualTo(40);
                });
            }
            Path results = dir.resolve("results.jsonl");
            client.downloadResults(job.id(), results);
            FleetFixture.assertMatchesDirect(FleetFixture.readResults(results), texts);
        }
    }
}
