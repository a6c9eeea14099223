package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A car reports its decision; the coordinator keeps the latest, and a lease counts as "eligible". */
class CarStatusTest {
    private static final String TOKEN = "enroll-token-for-status-tests";

    @TempDir
    Path dir;

    private static String enroll(HttpFixture http, String carName) throws Exception {
        return http.post("/v1/agent/enroll", "application/json",
                "{\"enrollmentToken\":\"" + TOKEN + "\",\"carName\":\"" + carName + "\"" + TestCars.KEY_FIELD + "}",
                        null)
                .json().get("credential").asText();
    }

    @Test
    void latestDecisionIsKeptPerCar() throws Exception {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(TOKEN)).withPort(0);
        try (Coordinator coordinator = Coordinator.start(config, Clock.systemUTC())) {
            var http = new HttpFixture(coordinator.uri());
            String credential = enroll(http, "c1");

            assertThat(http.get("/v1/agent/status", credential).status()).isEqualTo(404);

            var report = http.post("/v1/agent/status", "application/json",
                    "{\"eligible\":false,\"reason\":\"not_plugged_in\",\"detail\":\"the car is not plugged in\"}", credential);
            assertThat(report.status()).isEqualTo(204);
            var status = http.get("/v1/agent/status", credential).json();
            assertThat(status.get("eligible").asBoolean()).isFalse();
            assertThat(status.get("reason").asText()).isEqualTo("not_plugged_in");
            assertThat(status.get("reportedAt").asText()).isNotBlank();

            http.post("/v1/agent/lease", "application/json", "{\"maxUnits\":1,\"waitMillis\":0}", credential);
            status = http.get("/v1/agent/status", credential).json();
            assertThat(status.get("eligible").asBoolean()).isTrue();
            assertThat(status.get("reason").isNull()).isTrue();
        }
    }

    @Test
    void ineligibleReportWithoutReasonNamesTheField() throws Exception {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(TOKEN)).withPort(0);
        try (Coordinator coordinator = Coordinator.start(config, Clock.systemUTC())) {
            var http = new HttpFixture(coordinator.uri());
            String credential = enroll(http, "c2");
            var reply = http.post("/v1/agent/status", "application/json", "{\"eligible\":false}", credential);
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.json().get("field").asText()).isEqualTo("reason");
            assertThat(http.post("/v1/agent/status", "application/json", "{\"eligible\":true}", null).status()).isEqualTo(401);
        }
    }
}
