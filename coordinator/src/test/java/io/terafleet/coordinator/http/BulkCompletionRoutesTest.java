package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.core.api.CompleteBatchRequest;
import io.terafleet.core.api.CompleteRequest;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.identity.CarKeys;
import io.terafleet.core.identity.ResultDigest;
import java.security.KeyPair;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/agent/complete-batch}: a car with a key leases several units in one call and completes them in
 * one; each completion is signed and judged on its own, so a forged or missing signature is refused (with a strike)
 * while the others count, and a retry of the whole call stores nothing twice.
 */
class BulkCompletionRoutesTest {
    private static final String TOKEN = "enroll-token-for-bulk-completion-tests";
    private static final String BODY = "{\"custom_id\":\"a\",\"input\":\"one\"}\n{\"custom_id\":\"b\",\"input\":\"two\"}\n"
            + "{\"custom_id\":\"c\",\"input\":\"three\"}\n";
    private final ObjectMapper json = new ObjectMapper();
    private final KeyPair car = CarKeys.generate();
    private final KeyPair thief = CarKeys.generate();
    private String jdbcUrl;
    private Coordinator coordinator;
    private HttpFixture http;
    private String credential;

    @BeforeEach
    void start() throws Exception {
        jdbcUrl = "jdbc:h2:mem:bulk-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        coordinator = Coordinator.start(CoordinatorConfig.defaults(new DatabaseConfig(jdbcUrl, "sa", "", 4),
                List.of(TOKEN)).withPort(0).withUnitSize(1), Clock.systemUTC());
        http = new HttpFixture(coordinator.uri());
        var enrolled = http.post("/v1/agent/enroll", "application/json", "{\"enrollmentToken\":\"" + TOKEN
                + "\",\"carName\":\"bulk\",\"publicKey\":\"" + CarKeys.encode(car.getPublic()) + "\"}", null);
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
        credential = enrolled.json().get("credential").asText();
        assertThat(http.post("/v1/jobs?model=all-minilm-l6-v2", "application/jsonl", BODY, null).status())
                .isEqualTo(201);
    }

    @AfterEach
    void stop() {
        coordinator.close();
    }

    @Test
    void aForgedSignatureIsRefusedAloneAndARetryStoresNothingTwice() throws Exception {
        var reply = http.post("/v1/agent/lease", "application/json", "{\"maxUnits\":3,\"waitMillis\":0}", credential);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<JsonNode> units = new ArrayList<>();
        reply.json().get("units").forEach(units::add);
        assertThat(units).as("three units in one lease call").hasSize(3);

        List<CompleteRequest> honest = units.stream().map(u -> signed(car, u)).toList();
        List<CompleteRequest> oneForged = List.of(honest.get(0), signed(thief, units.get(1)), honest.get(2));
        var first = completeBatch(oneForged);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(outcomes(first)).containsExactly("accepted", "bad_signature", "accepted");
        assertThat(first.json().get("outcomes").get(1).get("detail").asText()).contains("signature");
        assertThat(count("SELECT COALESCE(SUM(strikes), 0) FROM car_trust")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM results")).isEqualTo(2);

        var retry = completeBatch(honest);
        assertThat(outcomes(retry)).containsExactly("duplicate", "accepted", "duplicate");
        assertThat(count("SELECT COUNT(*) FROM results")).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM ledger_postings")).isEqualTo(3);
        assertThat(count("SELECT COALESCE(SUM(amount_micros), 0) FROM ledger_entries")).isZero();
    }

    @Test
    void aCompletionCallThatAsksForTheNextLeaseCompletesThenLeasesInOneRoundTrip() throws Exception {
        var reply = http.post("/v1/agent/lease", "application/json", "{\"maxUnits\":1,\"waitMillis\":0}", credential);
        JsonNode first = reply.json().get("units").get(0);
        var next = new io.terafleet.core.api.LeaseRequest(2, 0, List.of("all-minilm-l6-v2"));

        var answer = http.post("/v1/agent/complete-batch", "application/json",
                json.writeValueAsString(new CompleteBatchRequest(List.of(signed(car, first)), next)), credential);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(outcomes(answer)).containsExactly("accepted");
        List<JsonNode> leased = new ArrayList<>();
        answer.json().get("next").get("units").forEach(leased::add);
        assertThat(leased).as("the two units left, leased in the same call").hasSize(2);
        assertThat(leased).extracting(u -> u.get("unitId").asText()).doesNotContain(first.get("unitId").asText());
        assertThat(count("SELECT COUNT(*) FROM results")).isEqualTo(1);

        var last = http.post("/v1/agent/complete-batch", "application/json", json.writeValueAsString(
                new CompleteBatchRequest(leased.stream().map(u -> signed(car, u)).toList(), next)), credential);
        assertThat(outcomes(last)).containsExactly("accepted", "accepted");
        assertThat(last.json().get("next").get("units")).as("no work left: an empty lease, not an error").isEmpty();
        assertThat(count("SELECT COUNT(*) FROM results")).isEqualTo(3);
    }

    @Test
    void aBadNextLeaseRefusesTheWholeCallBeforeAnythingIsStored() throws Exception {
        var reply = http.post("/v1/agent/lease", "application/json", "{\"maxUnits\":1,\"waitMillis\":0}", credential);
        JsonNode unit = reply.json().get("units").get(0);
        var tooMany = new io.terafleet.core.api.LeaseRequest(17, 0, List.of("all-minilm-l6-v2"));

        var answer = http.post("/v1/agent/complete-batch", "application/json",
                json.writeValueAsString(new CompleteBatchRequest(List.of(signed(car, unit)), tooMany)), credential);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("field").asText()).isEqualTo("next.maxUnits");
        assertThat(count("SELECT COUNT(*) FROM results")).isZero();
    }

    @Test
    void anEmptyOrOversizedCallIsRefusedNamingTheField() throws Exception {
        var empty = completeBatch(List.of());
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("field").asText()).isEqualTo("completions");
    }

    private CompleteRequest signed(KeyPair keys, JsonNode unit) {
        List<InputResult> results = new ArrayList<>();
        for (JsonNode input : unit.get("inputs")) {
            float[] v = new float[384];
            v[input.get("index").asInt() % 384] = 1f;
            results.add(new InputResult(input.get("index").asInt(), v));
        }
        String signature = CarKeys.sign(keys.getPrivate(), ResultDigest.of(ResultDigest.COMPLETE,
                unit.get("leaseId").asText(), unit.get("unitId").asText(), results, 0.5));
        return new CompleteRequest(unit.get("leaseId").asText(), results, 10, 0.5, signature);
    }

    private HttpFixture.Reply completeBatch(List<CompleteRequest> completions) throws Exception {
        return http.post("/v1/agent/complete-batch", "application/json",
                json.writeValueAsString(new CompleteBatchRequest(completions)), credential);
    }

    private static List<String> outcomes(HttpFixture.Reply reply) {
        List<String> outcomes = new ArrayList<>();
        reply.json().get("outcomes").forEach(o -> outcomes.add(o.get("outcome").asText()));
        return outcomes;
    }

    private long count(String sql) throws Exception {
        try (var c = DriverManager.getConnection(jdbcUrl, "sa", ""); var q = c.prepareStatement(sql);
             var rows = q.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
