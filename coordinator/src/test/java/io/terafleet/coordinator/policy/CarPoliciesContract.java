package io.terafleet.coordinator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.coordinator.cars.CarRepository;
import io.terafleet.coordinator.db.DatabaseTest;
import io.terafleet.core.api.CarReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Owners' policies and cars' reports in the store: versions in order, one report row per car, newer policy handed over. */
abstract class CarPoliciesContract extends DatabaseTest {
    private static final Instant NOW = Instant.parse("2030-05-01T08:00:00Z");
    private CarPolicies policies;
    private CarReports reports;
    private String carId;

    @BeforeEach
    void enrollACar() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        var cars = new CarRepository(database);
        cars.createEnrollmentToken("operator-token-0123456789", NOW);
        carId = cars.enroll("operator-token-0123456789", "red car", "HW3", "tfc_credential-0123456789abcdef", null,
                io.terafleet.core.identity.CarKeys.encode(io.terafleet.core.identity.CarKeys.generate().getPublic()), NOW)
                .orElseThrow();
        policies = new CarPolicies(database, clock);
        reports = new CarReports(database, policies, new ObjectMapper(), clock);
    }

    @Test
    void versionsCountUpAndTheHistoryIsNewestFirst() {
        assertThat(policies.save(carId, "{\"optedIn\":true}", "owner:olivia").version()).isEqualTo(1);
        assertThat(policies.save(carId, "{\"optedIn\":false}", "operator").version()).isEqualTo(2);
        assertThat(policies.history(carId)).extracting(CarPolicies.Version::setBy).containsExactly("operator", "owner:olivia");
        assertThat(policies.ownedBy(carId, carId)).as("a car without an owner is its own").isTrue();
        assertThat(policies.ownedBy(carId, "olivia")).isFalse();
    }

    @Test
    void aReportIsKeptOncePerCarAndAnsweredWithTheNewerPolicy() {
        var report = new CarReport(List.of(new CarReport.Reason("soc_below_floor", "80% < 90%")), 80.0, true, true, null);
        assertThat(reports.record(carId, report).policy()).isNull();
        policies.save(carId, "{\"optedIn\":true}", "owner:olivia");
        var answer = reports.record(carId, report);
        assertThat(answer.policyVersion()).isEqualTo(1);
        assertThat(answer.policy()).isEqualTo("{\"optedIn\":true}");
        assertThat(reports.record(carId, new CarReport(List.of(), null, null, null, 1L)).policyVersion()).isNull();

        var latest = reports.latest(carId).orElseThrow();
        assertThat(latest.reasons()).isEmpty();
        assertThat(latest.stateOfChargePercent()).isNull();
        assertThat(latest.policyVersion()).isEqualTo(1);
        assertThat(queryLong("SELECT COUNT(*) FROM car_reports WHERE car_id = ?", carId)).isEqualTo(1);
    }
}
