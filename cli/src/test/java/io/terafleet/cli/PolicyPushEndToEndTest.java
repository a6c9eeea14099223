package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.agent.Agent;
import io.terafleet.agent.AgentConfig;
import io.terafleet.agent.inference.Embedders;
import io.terafleet.agent.signals.SimulatedParkedCar;
import io.terafleet.agent.work.CarReporter;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy the owner saves reaches a car whose online channel is open at once, not on its next report: the car is
 * rung on its channel, reports, and applies the new version well within its report period (30 s here).
 */
class PolicyPushEndToEndTest {
    private static final String OPERATOR_KEY = "operator-key-for-policy-push-tests";
    /** Idle polls of 1.5 s: the car reports every 30 s, the longest period there is. */
    private static final Duration IDLE_POLL = Duration.ofMillis(1500);

    @TempDir
    Path dir;
    Coordinator coordinator;

    @BeforeEach
    void start() {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN)).withPort(0);
        coordinator = Coordinator.start(config, CloudConfig.secured(config.database(), List.of(OPERATOR_KEY)),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        coordinator.close();
    }

    @Test
    void aSavedPolicyReachesACarOnItsChannelWellWithinItsReportPeriod() throws Exception {
        assertThat(CarReporter.period(IDLE_POLL)).isEqualTo(Duration.ofSeconds(30));
        var config = new AgentConfig(coordinator.uri(), FleetFixture.TOKEN, "rung-car", "HW3",
                List.of(FleetFixture.MODEL), 16, Duration.ofSeconds(2), IDLE_POLL, FleetFixture.OPTED_IN);
        try (Agent car = new Agent(config, new SimulatedParkedCar(Clock.systemUTC(), 80),
                model -> Embedders.open(model, Embedders.defaultCacheDir(), 1), Clock.systemUTC(),
                io.terafleet.agent.OnlineOptions.defaults().withModelDir(dir.resolve("models"))).start()) {
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(car::onlineOverChannel);
            Thread.sleep(1000); // past the report the car sends as it starts: the next is 30 s away
            assertThat(car.policyVersion()).isNull();

            long saved = System.nanoTime();
            int status = put("/v1/owners/" + car.carId() + "/cars/" + car.carId() + "/policy",
                    "{\"optedIn\": true, \"minStateOfChargePercent\": 55}");
            assertThat(status).isEqualTo(201);
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> Long.valueOf(1).equals(car.policyVersion()));
            long millis = Duration.ofNanos(System.nanoTime() - saved).toMillis();
            System.out.println("policy saved to applied on a car with an open channel: " + millis + " ms"
                    + " (report period 30 s)");
            assertThat(car.policy().minStateOfChargePercent()).isEqualTo(55);
        }
    }

    private int put(String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(coordinator.uri().toString()).resolve(path))
                .header("Authorization", "Bearer " + OPERATOR_KEY).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
