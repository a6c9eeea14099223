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
