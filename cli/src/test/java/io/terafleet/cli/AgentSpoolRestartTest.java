package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.terafleet.agent.Agent;
import io.terafleet.agent.AgentConfig;
import io.terafleet.agent.client.CoordinatorClient;
import io.terafleet.agent.inference.Embedder;
import io.terafleet.agent.inference.Embedders;
import io.terafleet.agent.signals.SimulatedParkedCar;
import io.terafleet.agent.state.CompletionSpool;
import io.terafleet.agent.state.SavedEnrollment;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.core.api.CompleteRequest;
import io.terafleet.core.api.EnrollResponse;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.JobStatus;
import io.terafleet.core.api.LeaseRequest;
import io.terafleet.core.api.LeasedUnit;
import io.terafleet.core.api.UnitInput;
import io.terafleet.core.policy.OwnerPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A car that finished a unit and stopped before the coordinator answered its completion: restarted on the same
 * folder it is the same car, and sends the spooled completion once.
 */
class AgentSpoolRestartTest {
    private static final String OPERATOR_KEY = "operator-key-for-spool-tests-01";
    @TempDir
    Path dir;

    /** Not opted in: the car enrolls (or comes back) and sends what it spooled, but leases no new work. */
    private static Agent car(URI coordinator, Path spool) {
        var config = new AgentConfig(coordinator, FleetFixture.TOKEN, "spooling-car", "HW3",
                List.of(FleetFixture.MODEL), 16, Duration.ofSeconds(2), Duration.ofMillis(100),
                OwnerPolicy.defaults(), spool);
        return new Agent(config, new SimulatedParkedCar(Clock.systemUTC(), 80),
                model -> Embedders.open(model, Embedders.defaultCacheDir(), 1), Clock.systemUTC()).start();
    }

    @Test
    void aRestartedCarIsTheSameCarAndSendsItsSpooledCompletionOnce() throws Exception {
        List<String> texts = SampleCorpus.take(20);
        Path spool = dir.resolve("car");
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN))
                .withPort(0).withUnitSize(20).withLeaseTtl(Duration.ofSeconds(60));
        try (Coordinator coordinator = Coordinator.start(config, Clock.systemUTC())) {
            var jobs = new JobClient(coordinator.uri());
            JobStatus job = jobs.submit(FleetFixture.jsonl(texts), FleetFixture.MODEL);

            String firstId;
            try (Agent first = car(coordinator.uri(), spool)) {
                firstId = await().atMost(Duration.ofSeconds(30)).until(first::carId, id -> id != null);
            }
            EnrollResponse enrollment = new SavedEnrollment(spool).load().orElseThrow();
            assertThat(enrollment.carId()).isEqualTo(firstId);

            // What the car left on disk when it stopped between finishing a unit and hearing the answer.
            var asTheCar = new CoordinatorClient(coordinator.uri());
            asTheCar.useCredential(enrollment.credential());
            LeasedUnit unit = asTheCar.lease(new LeaseRequest(1, 0, List.of(FleetFixture.MODEL))).units().getFirst();
            new CompletionSpool(spool).write(unit.unitId(), signed(spool, unit));
            assertThat(jobs.status(job.id()).finishedAt()).isNull();

            try (Agent restarted = car(coordinator.uri(), spool)) {
                JobStatus done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> jobs.status(job.id()), s -> s.finishedAt() != null);
                assertThat(restarted.carId()).isEqualTo(firstId);
                assertThat(done.completed()).isEqualTo(20);
                // The car counts the unit once it has read the coordinator's answer, which may come after the job
                // shows finished.
                await().atMost(Duration.ofSeconds(10)).until(() -> restarted.stats().unitsCompleted(), n -> n == 1);
                await().atMost(Duration.ofSeconds(10)).until(() -> new CompletionSpool(spool).pending().isEmpty());
            }
            // A third start finds nothing left to send and is still the same car.
            try (Agent third = car(coordinator.uri(), spool)) {
                await().atMost(Duration.ofSeconds(30)).until(third::carId, id -> id != null);
                assertThat(third.carId()).isEqualTo(firstId);
                assertThat(third.stats().unitsCompleted()).isZero();
            }
            Path results = dir.resolve("results.jsonl");
            jobs.downloadResults(job.id(), results);
            FleetFixture.assertMatchesDirect(FleetFixture.readResults(results), texts);
        }
    }

    @Test
    void aCarWhoseSavedEnrollmentHoldsNoKeyEnrollsAnewWithOne() throws Exception {
        Path spool = dir.resolve("car");
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN))
                .withPort(0).withUnitSize(20).withLeaseTtl(Duration.ofSeconds(60));
        try (Coordinator coordinator = Coordinator.start(config, Clock.systemUTC())) {
            // Saved by an agent from before every car held a key: a credential, no private key.
            var old = new CoordinatorClient(coordinator.uri()).enroll(new io.terafleet.core.api.EnrollRequest(
                    FleetFixture.TOKEN, "spooling-car", "HW3", null,
                    io.terafleet.agent.identity.CarSigner.withNewKey().publicKey()));
            new SavedEnrollment(spool).save(old);
            assertThat(new SavedEnrollment(spool).privateKey()).isEmpty();

            try (Agent restarted = car(coordinator.uri(), spool)) {
                await().atMost(Duration.ofSeconds(30)).until(restarted::carId,
                        id -> id != null && !id.equals(old.carId()));
            }
            assertThat(new SavedEnrollment(spool).load().orElseThrow().carId()).isNotEqualTo(old.carId());
            assertThat(new SavedEnrollment(spool).privateKey()).as("saved with its new key").isPresent();
        }
    }

    @Test
    void aCarWhoseSavedCredentialWasRevokedEnrollsAnewAndDropsItsSpool() throws Exception {
        Path spool = dir.resolve("car");
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN))
                .withPort(0).withUnitSize(20).withLeaseTtl(Duration.ofSeconds(60));
        var cloud = CloudConfig.secured(config.database(), List.of(OPERATOR_KEY)).withAnonymous(true);
        try (Coordinator coordinator = Coordinator.start(config, cloud, Clock.systemUTC())) {
            var jobs = new JobClient(coordinator.uri());
            jobs.submit(FleetFixture.jsonl(SampleCorpus.take(20)), FleetFixture.MODEL);
            String firstId;
            try (Agent first = car(coordinator.uri(), spool)) {
                firstId = await().atMost(Duration.ofSeconds(30)).until(first::carId, id -> id != null);
            }
            EnrollResponse enrollment = new SavedEnrollment(spool).load().orElseThrow();
            var asTheCar = new CoordinatorClient(coordinator.uri());
            asTheCar.useCredential(enrollment.credential());
            LeasedUnit unit = asTheCar.lease(new LeaseRequest(1, 0, List.of(FleetFixture.MODEL))).units().getFirst();
            new CompletionSpool(spool).write(unit.unitId(), new CompleteRequest(unit.leaseId(), embed(unit), 1));
            var revoke = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            coordinator.uri().resolve("/v1/cars/" + firstId + "/revoke"))
                    .header("Authorization", "Bearer " + OPERATOR_KEY)
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(204);

            try (Agent restarted = car(coordinator.uri(), spool)) {
                await().atMost(Duration.ofSeconds(30)).until(
                        () -> new SavedEnrollment(spool).load().map(EnrollResponse::carId).orElse(firstId),
                        id -> !id.equals(firstId));
                await().atMost(Duration.ofSeconds(10)).until(restarted::carId, id -> id != null && !id.equals(firstId));
                assertThat(new CompletionSpool(spool).pending()).isEmpty();
                assertThat(restarted.stats().unitsCompleted()).isZero();
            }
        }
    }

    /** The completion as the car makes it: signed with the private key it saved beside its enrollment. */
    private static CompleteRequest signed(Path spool, LeasedUnit unit) {
        List<InputResult> results = embed(unit);
        var key = new SavedEnrollment(spool).privateKey().orElseThrow();
        return new CompleteRequest(unit.leaseId(), results, 1, null, io.terafleet.core.identity.CarKeys.sign(key,
                io.terafleet.core.identity.ResultDigest.of(io.terafleet.core.identity.ResultDigest.COMPLETE,
                        unit.leaseId(), unit.unitId(), results, null)));
    }

    private static List<InputResult> embed(LeasedUnit unit) {
        try (Embedder embedder = Embedders.open(FleetFixture.MODEL, Embedders.defaultCacheDir(), 1)) {
            List<UnitInput> inputs = unit.inputs();
            Embedder.Embedded embedded = embedder.embedCounting(inputs.stream().map(UnitInput::text).toList());
            List<InputResult> results = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                results.add(new InputResult(inputs.get(i).index(), embedded.vectors()[i], embedded.tokensOf(i)));
            }
            return results;
        }
    }
}
