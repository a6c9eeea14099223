package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.core.api.CompleteBatchRequest;
import io.terafleet.core.api.CompleteRequest;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.identity.ResultDigest;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
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
    private SignedCarCloud cloud;

    @BeforeEach
    void start() throws Exception {
        cloud = SignedCarCloud.start(TOKEN, "bulk", 1, BODY);
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void aForgedSignatureIsRefusedAloneAndARetryStoresNothingTwice() throws Exception {
        List<JsonNode> units = cloud.lease(3);
        assertThat(units).as("three units in one lease call").hasSize(3);

        List<CompleteRequest> honest = units.stream().map(u -> signed(cloud.car, u)).toList();
        List<CompleteRequest> oneForged = List.of(honest.get(0), signed(cloud.thief, units.get(1)), honest.get(2));
        var first = completeBatch(oneForged);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(outcomes(first)).containsExactly("accepted", "bad_signature", "accepted");
        assertThat(first.json().get("outcomes").get(1).get("detail").asText()).contains("signature");
        assertThat(cloud.count("SELECT COALESCE(SUM(strikes), 0) FROM car_trust")).isEqualTo(1);
        assertThat(cloud.count("SELECT COUNT(*) FROM results")).isEqualTo(2);

        var retry = completeBatch(honest);
        assertThat(outcomes(retry)).containsExactly("duplicate", "accepted", "duplicate");
        assertThat(cloud.count("SELECT COUNT(*) FROM results")).isEqualTo(3);
        assertThat(cloud.count("SELECT COUNT(*) FROM ledger_postings")).isEqualTo(3);
        assertThat(cloud.count("SELECT COALESCE(SUM(amount_micros), 0) FROM ledger_entries")).isZero();
    }

    @Test
    void aCompletionCallThatAsksForTheNextLeaseCompletesThenLeasesInOneRoundTrip() throws Exception {
        var reply = cloud.http.post("/v1/agent/lease", "application/json", "{\"maxUnits\":1,\"waitMillis\":0}", cloud.credential);
        JsonNode first = reply.json().get("units").get(0);
        var next = new io.terafleet.core.api.LeaseRequest(2, 0, List.of("all-minilm-l6-v2"));

        var answer = cloud.http.post("/v1/agent/complete-batch", "application/json",
                json.writeValueAsString(new CompleteBatchRequest(List.of(signed(cloud.car, first)), next)), cloud.credential);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(outcomes(answer)).containsExactly("accepted");
        List<JsonNode> leased = new ArrayList<>();
        answer.json().get("next").get("units").forEach(leased::add);
        assertThat(leased).as("the two units left, leased in the same call").hasSize(2);
        assertThat(leased).extracting(u -> u.get("unitId").asText()).doesNotContain(first.get("unitId").asText());
        assertThat(cloud.count("SELECT COUNT(*) FROM results")).isEqualTo(1);

        var last = cloud.http.post("/v1/agent/complete-batch", "application/json", json.writeValueAsString(
                new CompleteBatchRequest(leased.stream().map(u -> signed(cloud.car, u)).toList(), next)), cloud.credential);
        assertThat(outcomes(last)).containsExactly("accepted", "accepted");
        assertThat(last.json().get("next").get("units")).as("no work left: an empty lease, not an error").isEmpty();
        assertThat(cloud.count("SELECT COUNT(*) FROM results")).isEqualTo(3);
    }

    @Test
    void aBadNextLeaseRefusesTheWholeCallBeforeAnythingIsStored() throws Exception {
        var reply = cloud.http.post("/v1/agent/lease", "application/json", "{\"maxUnits\":1,\"waitMillis\":0}", cloud.credential);
        JsonNode unit = reply.json().get("units").get(0);
        var tooMany = new io.terafleet.core.api.LeaseRequest(17, 0, List.of("all-minilm-l6-v2"));

        var answer = cloud.http.post("/v1/agent/complete-batch", "application/json",
                json.writeValueAsString(new CompleteBatchRequest(List.of(signed(cloud.car, unit)), tooMany)), cloud.credential);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("field").asText()).isEqualTo("next.maxUnits");
        assertThat(cloud.count("SELECT COUNT(*) FROM results")).isZero();
    }

    @Test
    void anEmptyOrOversizedCallIsRefusedNamingTheField() throws Exception {
        var empty = completeBatch(List.of());
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("field").asText()).isEqualTo("completions");
    }

    private static CompleteRequest signed(KeyPair keys, JsonNode unit) {
        List<InputResult> results = SignedCarCloud.results(unit);
        return new CompleteRequest(unit.get("leaseId").asText(), results, 10, 0.5,
                SignedCarCloud.sign(keys, ResultDigest.COMPLETE, unit, results, 0.5));
    }

    private HttpFixture.Reply completeBatch(List<CompleteRequest> completions) throws Exception {
        return cloud.http.post("/v1/agent/complete-batch", "application/json",
                json.writeValueAsString(new CompleteBatchRequest(completions)), cloud.credential);
    }

    private static List<String> outcomes(HttpFixture.Reply reply) {
        List<String> outcomes = new ArrayList<>();
        reply.json().get("outcomes").forEach(o -> outcomes.add(o.get("outcome").asText()));
        return outcomes;
    }
}
