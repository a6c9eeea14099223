package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.ledger.LedgerInvariants;
import io.terafleet.core.ledger.Account;
import io.terafleet.core.ledger.PostOutcome;
import io.terafleet.core.ledger.VerifiedUnit;
import io.terafleet.core.ledger.VerifiedWork;
import io.terafleet.core.time.SettableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Owner statements and customer usage over HTTP, from units settled through the coordinator's ledger. */
@ExtendWith(LedgerInvariants.class)
class LedgerRoutesTest {
    private static final String TOKEN = "enroll-token-for-ledger-tests";
    private static final Instant DAY_ONE = Instant.parse("2030-06-01T09:00:00Z");

    @TempDir
    Path dir;
    private Coordinator coordinator;
    private HttpFixture http;
    private final SettableClock clock = new SettableClock(DAY_ONE);

    @BeforeEach
    void start() {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(TOKEN)).withPort(0);
        coordinator = Coordinator.start(config, clock);
        http = new HttpFixture(coordinator.uri());
    }

    @AfterEach
    void stop() {
        coordinator.close();
    }

    private String enroll(String ownerId) throws Exception {
        String owner = ownerId == null ? "" : ",\"ownerId\":\"" + ownerId + "\"";
        return http.post("/v1/agent/enroll", "application/json",
                "{\"enrollmentToken\":\"" + TOKEN + "\",\"carName\":\"c\",\"hardwareClass\":\"HW3\"" + owner
                        + TestCars.KEY_FIELD + "}", null)
                .json().get("carId").asText();
    }

    private PostOutcome settle(String unit, String car, String owner, long inputs, Instant at) {
        var work = new VerifiedWork("lease-" + unit, car, owner, 2_000, 300_000);
        return coordinator.ledger().settle(new VerifiedUnit(unit, "job-1", Account.customer("acme"),
                "all-minilm-l6-v2", inputs, List.of(work), at)).posted().orElseThrow();
    }

    @Test
    void anOwnersStatementListsEachDayAndTheTotals() throws Exception {
        String car = enroll(null); // the ledger is told the owner: the car's own is not what is tested here
        settle("u1", car, "alice", 1000, DAY_ONE);
        settle("u2", car, "alice", 500, DAY_ONE.plusSeconds(3600));
        settle("u3", car, "alice", 1000, DAY_ONE.plusSeconds(86_400));
        clock.set(DAY_ONE.plusSeconds(2 * 86_400));

        var reply = http.get("/v1/owners/alice/statement?from=2030-06-01&to=2030-06-30");

        assertThat(reply.status()).isEqualTo(200);
        var days = reply.json().get("days");
        assertThat(days).hasSize(2);
        assertThat(days.get(0).get("date").asText()).isEqualTo("2030-06-01");
        assertThat(days.get(0).get("units").asLong()).isEqualTo(2);
        assertThat(days.get(0).get("verifiedInputs").asLong()).isEqualTo(1500);
        // 1,500 inputs at 0.02 per 1,000 = 0.03; 70% = 0.021; 2 Wh twice at 0.30/kWh = 0.0012.
        assertThat(days.get(0).get("revenueShareMicros").asLong()).isEqualTo(21_000);
        assertThat(days.get(0).get("energyCostMicros").asLong()).isEqualTo(1_200);
        assertThat(days.get(0).get("energyKwh").asDouble()).isEqualTo(0.004);
        assertThat(days.get(0).get("grossMicros").asLong()).isEqualTo(22_200);
        assertThat(days.get(0).get("netMicros").asLong()).isEqualTo(21_000);
        var total = reply.json().get("totals").get(0);
        assertThat(total.get("units").asLong()).isEqualTo(3);
        assertThat(total.get("currency").asText()).isEqualTo("EUR");
        assertThat(reply.json().get("unpaid").get(0).get("micros").asLong()).isEqualTo(22_200 + 14_600);

        var defaults = http.get("/v1/owners/alice/statement").json();
        assertThat(defaults.get("to").asText()).isEqualTo("2030-06-03");
        assertThat(defaults.get("from").asText()).isEqualTo("2030-05-05");
        assertThat(defaults.get("days")).hasSize(2);
    }

    @Test
    void aCarEnrolledWithoutAnOwnerIsItsOwnOwner() throws Exception {
        String car = enroll(null);
        settle("u1", car, car, 1000, DAY_ONE);

        var reply = http.get("/v1/owners/" + car + "/statement?from=2030-06-01&to=2030-06-01");

        assertThat(reply.json().get("days")).hasSize(1);
        var bad = http.post("/v1/agent/enroll", "application/json",
                "{\"enrollmentToken\":\"" + TOKEN + "\",\"carName\":\"c\",\"ownerId\":\"no spaces\"}", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("ownerId");
    }

    @Test
    void usageIsPerDayAndModel() throws Exception {
        String car = enroll(null);
        settle("u1", car, "bob", 1000, DAY_ONE);
        settle("u2", car, "bob", 3000, DAY_ONE.plusSeconds(86_400));

        var reply = http.get("/v1/usage?customer=acme&from=2030-06-01&to=2030-06-02");

        assertThat(reply.status()).isEqualTo(200);
        var lines = reply.json().get("lines");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1).get("date").asText()).isEqualTo("2030-06-02");
        assertThat(lines.get(1).get("model").asText()).isEqualTo("all-minilm-l6-v2");
        assertThat(lines.get(1).get("inputs").asLong()).isEqualTo(3000);
        assertThat(lines.get(1).get("amountMicros").asLong()).isEqualTo(60_000);
        assertThat(reply.json().get("totals").get(0).get("micros").asLong()).isEqualTo(80_000);
    }

    @Test
    void badQueriesAreProblemsNamingTheField() throws Exception {
        assertProblem(http.get("/v1/owners/alice/statement?from=June"), "from");
        assertProblem(http.get("/v1/owners/alice/statement?from=2030-06-02&to=2030-06-01"), "from");
        assertProblem(http.get("/v1/owners/alice/statement?from=2020-01-01&to=2030-06-01"), "from");
        assertProblem(http.get("/v1/owners/alice/statement?to=2030-13-01"), "to");
        assertProblem(http.get("/v1/owners/a%20b/statement"), "id");
        assertProblem(http.get("/v1/usage"), "customer");
        assertProblem(http.get("/v1/usage?customer=x&from=yesterday"), "from");
    }

    private static void assertProblem(HttpFixture.Reply reply, String field) {
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("field").asText()).isEqualTo(field);
        assertThat(reply.json().get("detail").asText()).startsWith(field + ":");
    }
}
