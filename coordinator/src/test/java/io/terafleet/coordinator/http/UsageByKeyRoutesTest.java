package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.coordinator.ledger.LedgerInvariants;
import io.terafleet.core.api.CompleteRequest;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.identity.CarKeys;
import io.terafleet.core.identity.ResultDigest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A customer's usage and cost by day, model and API key: each job's charges name the key that submitted it, from the
 * request through the car's signed completion to the ledger and back out of {@code GET /v1/usage}; a revoked key's
 * charges still name it; the ledger still sums to zero.
 */
class UsageByKeyRoutesTest {
    private static final String MODEL = "all-minilm-l6-v2";
    private final ObjectMapper json = new ObjectMapper();
    private final KeyPair carKeys = CarKeys.generate();

    @TempDir
    Path dir;
    private CloudFixture cloud;
    private String credential;

    @BeforeEach
    void start() throws Exception {
        cloud = new CloudFixture(dir, CloudFixture.secured(dir));
        var car = cloud.send("POST", "/v1/agent/enroll", "{\"enrollmentToken\": \"enrollment-token-for-tests\","
                + " \"carName\": \"c1\", \"publicKey\": \"" + CarKeys.encode(carKeys.getPublic()) + "\"}", null);
        assertThat(car.status()).as(car.body()).isEqualTo(201);
        credential = car.json().get("credential").asText();
    }

    @AfterEach
    void stop() {
        try {
            LedgerInvariants.check(cloud.coordinator.ledger().repository());
        } finally {
            cloud.close();
        }
    }

    @Test
    void chargesAreGroupedByTheKeyThatSubmittedTheWork() throws Exception {
        String first = cloud.tenant("acme", "");
        var made = cloud.send("POST", "/v1/keys", "{\"label\": \"nightly\"}", first);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String second = made.json().get("api_key").asText();
        String tenant = cloud.send("GET", "/v1/console/whoami", null, first).json().get("id").asText();

        runJob(first, 3);
        runJob(second, 5);
        runJob(second, 2);
        assertThat(cloud.send("DELETE", "/v1/keys/" + second.substring(0, 10), null, first).status()).isEqualTo(204);

        var usage = cloud.send("GET", "/v1/usage?customer=" + tenant, null, first);
        assertThat(usage.status()).as(usage.body()).isEqualTo(200);
        Map<String, Long> inputsByKey = new HashMap<>();
        for (JsonNode line : usage.json().get("lines")) {
            assertThat(line.get("model").asText()).isEqualTo(MODEL);
            inputsByKey.merge(line.get("apiKey").asText(), line.get("inputs").asLong(), Long::sum);
        }
        assertThat(inputsByKey).containsExactlyInAnyOrderEntriesOf(Map.of(first.substring(0, 10), 3L,
                second.substring(0, 10), 7L));
        JsonNode byKey = usage.json().get("byKey");
        assertThat(byKey).hasSize(2);
        long total = usage.json().get("totals").get(0).get("micros").asLong();
        long sumOfKeys = 0;
        for (JsonNode key : byKey) {
            sumOfKeys += key.get("amountMicros").asLong();
        }
        assertThat(sumOfKeys).as("the keys' costs add up to the total").isEqualTo(total).isPositive();
    }

    @Test
    void anotherTenantsUsageStaysHiddenWhateverItsKeys() throws Exception {
        String acme = cloud.tenant("acme", "");
        String globex = cloud.tenant("globex", "");
        String acmeId = cloud.send("GET", "/v1/console/whoami", null, acme).json().get("id").asText();
        runJob(acme, 1);
        assertThat(cloud.send("GET", "/v1/usage?customer=" + acmeId, null, globex).status()).isEqualTo(404);
    }

    /** Submits a job of {@code inputs} inputs with {@code key}, then leases and completes it as the signed car. */
    private void runJob(String key, int inputs) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < inputs; i++) {
            body.append("{\"custom_id\":\"i").append(i).append("\",\"input\":\"text ").append(i).append("\"}\n");
        }
        var job = cloud.send("POST", "/v1/jobs?model=" + MODEL, "application/jsonl",
                body.toString().getBytes(StandardCharsets.UTF_8), key);
        assertThat(job.status()).as(job.body()).isEqualTo(201);
        var lease = cloud.send("POST", "/v1/agent/lease", "{\"maxUnits\":1,\"waitMillis\":0}", credential);
        assertThat(lease.status()).as(lease.body()).isEqualTo(200);
        JsonNode unit = lease.json().get("units").get(0);
        List<InputResult> results = new ArrayList<>();
        for (JsonNode input : unit.get("inputs")) {
            float[] v = new float[384];
            v[input.get("index").asInt() % 384] = 1f;
            results.add(new InputResult(input.get("index").asInt(), v));
        }
        String leaseId = unit.get("leaseId").asText();
        String signature = CarKeys.sign(carKeys.getPrivate(), ResultDigest.of(ResultDigest.COMPLETE, leaseId,
                unit.get("unitId").asText(), results, 0.5));
        var done = cloud.send("POST", "/v1/agent/complete", json.writeValueAsString(
                new CompleteRequest(leaseId, results, 10, 0.5, signature)), credential);
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.json().get("outcome").asText()).isEqualTo("accepted");
    }
}
