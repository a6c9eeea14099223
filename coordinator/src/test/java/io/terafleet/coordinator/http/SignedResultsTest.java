package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.core.api.CompleteRequest;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.api.ReleaseRequest;
import io.terafleet.core.identity.CarKeys;
import io.terafleet.core.identity.ResultDigest;
import java.security.KeyPair;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every car enrolls with its own key pair and must sign what it hands back: enrollment without a key is refused; a
 * stolen bearer credential with another key, a missing signature, or results changed after signing are refused with
 * a 403 naming the field, and each costs the car a strike; the car's own signature counts.
 */
class SignedResultsTest {
    private static final String TOKEN = "enroll-token-for-signature-tests";
    private static final String BODY = "{\"custom_id\":\"a\",\"input\":\"one\"}\n{\"custom_id\":\"b\",\"input\":\"two\"}\n";
    private final ObjectMapper json = new ObjectMapper();
    private SignedCarCloud cloud;

    @BeforeEach
    void start() throws Exception {
        cloud = SignedCarCloud.start(TOKEN, "signer", 64, BODY);
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void aCompletionSignedWithTheCarsKeyCounts() throws Exception {
        JsonNode unit = lease();
        List<InputResult> results = results(unit);
        String signature = sign(cloud.car, ResultDigest.COMPLETE, unit, results, 0.5);

        var reply = complete(new CompleteRequest(unit.get("leaseId").asText(), results, 10, 0.5, signature));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("outcome").asText()).isEqualTo("accepted");
        assertThat(strikes()).isZero();
    }

    @Test
    void aStolenCredentialWithAnotherKeyCannotForgeTheCarsResults() throws Exception {
        JsonNode unit = lease();
        List<InputResult> results = results(unit);
        String forged = sign(cloud.thief, ResultDigest.COMPLETE, unit, results, 0.5);

        var reply = complete(new CompleteRequest(unit.get("leaseId").asText(), results, 10, 0.5, forged));
        assertRefused(reply, "is not this car's signature");
        assertThat(strikes()).isEqualTo(1);
        var honest = complete(new CompleteRequest(unit.get("leaseId").asText(), results, 10, 0.5,
                sign(cloud.car, ResultDigest.COMPLETE, unit, results, 0.5)));
        assertThat(honest.json().get("outcome").asText()).as("nothing of the forgery was kept").isEqualTo("accepted");
    }

    @Test
    void resultsChangedAfterSigningAreRefused() throws Exception {
        JsonNode unit = lease();
        List<InputResult> results = results(unit);
        String signature = sign(cloud.car, ResultDigest.COMPLETE, unit, results, 0.5);
        List<InputResult> tampered = new ArrayList<>(results);
        float[] changed = tampered.get(0).embedding().clone();
        changed[0] = -changed[0];
        tampered.set(0, new InputResult(tampered.get(0).index(), changed));

        assertRefused(complete(new CompleteRequest(unit.get("leaseId").asText(), tampered, 10, 0.5, signature)),
                "is not this car's signature");
        assertRefused(complete(new CompleteRequest(unit.get("leaseId").asText(), results, 10, 5.0, signature)),
                "is not this car's signature");
        assertThat(strikes()).isEqualTo(2);
    }

    @Test
    void anUnsignedCompletionOrReleaseFromACarWithAKeyIsRefused() throws Exception {
        JsonNode unit = lease();
        List<InputResult> results = results(unit);
        assertRefused(complete(new CompleteRequest(unit.get("leaseId").asText(), results, 10, 0.5)), "is required");

        String lease = unit.get("leaseId").asText();
        var unsigned = cloud.http.post("/v1/agent/release", "application/json",
                json.writeValueAsString(new ReleaseRequest(lease, results.subList(0, 1), "not_parked", 0.1)),
                cloud.credential);
        assertRefused(unsigned, "is required");
        String signature = sign(cloud.car, ResultDigest.RELEASE, unit, results.subList(0, 1), 0.1);
        var signed = cloud.http.post("/v1/agent/release", "application/json", json.writeValueAsString(
                new ReleaseRequest(lease, results.subList(0, 1), "not_parked", 0.1, signature)), cloud.credential);
        assertThat(signed.status()).as(signed.body()).isEqualTo(204);
    }

    @Test
    void enrollmentWithoutAPublicKeyIsRefusedEvenWithTheOperatorsFleetToken() throws Exception {
        long carsBefore = cloud.count("SELECT COUNT(*) FROM cars");
        for (String body : List.of("{\"enrollmentToken\":\"" + TOKEN + "\",\"carName\":\"keyless\"}",
                "{\"enrollmentToken\":\"" + TOKEN + "\",\"carName\":\"keyless\",\"publicKey\":\"  \"}")) {
            var reply = cloud.http.post("/v1/agent/enroll", "application/json", body, null);
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.json().get("field").asText()).isEqualTo("publicKey");
            assertThat(reply.json().get("detail").asText()).contains("is required");
        }
        assertThat(cloud.count("SELECT COUNT(*) FROM cars")).as("no car was made").isEqualTo(carsBefore);
    }

    @Test
    void aCarStoredWithoutAKeyTakesNoWorkAndHandsNothingBack() throws Exception {
        // A car enrolled before every car had to give a key: its row has none.
        var enrolled = cloud.http.post("/v1/agent/enroll", "application/json", "{\"enrollmentToken\":\"" + TOKEN
                + "\",\"carName\":\"old\",\"publicKey\":\"" + CarKeys.encode(cloud.thief.getPublic()) + "\"}", null);
        String old = enrolled.json().get("credential").asText();
        try (var c = DriverManager.getConnection(cloud.jdbcUrl, "sa", "");
             var update = c.prepareStatement("UPDATE cars SET public_key = NULL WHERE id = ?")) {
            update.setString(1, enrolled.json().get("carId").asText());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }

        var lease = cloud.http.post("/v1/agent/lease", "application/json", "{\"maxUnits\":1,\"waitMillis\":0}", old);
        assertThat(lease.status()).as(lease.body()).isEqualTo(403);
        assertThat(lease.json().get("field").asText()).isEqualTo("publicKey");
        var complete = cloud.http.post("/v1/agent/complete", "application/json", json.writeValueAsString(
                new CompleteRequest("lease-of-old", List.of(), 1, 0.1)), old);
        assertRefused(complete, "enroll anew");
        assertThat(strikes()).as("an old car is refused, not struck").isZero();
    }

    @Test
    void aPublicKeyThatIsNotEd25519IsRefusedAtEnrollment() throws Exception {
        var reply = cloud.http.post("/v1/agent/enroll", "application/json", "{\"enrollmentToken\":\"" + TOKEN
                + "\",\"carName\":\"odd\",\"publicKey\":\"bm90IGEga2V5\"}", null);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("publicKey");
    }

    private JsonNode lease() throws Exception {
        return cloud.lease(1).get(0);
    }

    private static List<InputResult> results(JsonNode unit) {
        return SignedCarCloud.results(unit);
    }

    private static String sign(KeyPair keys, String kind, JsonNode unit, List<InputResult> results, Double energy) {
        return SignedCarCloud.sign(keys, kind, unit, results, energy);
    }

    private HttpFixture.Reply complete(CompleteRequest request) throws Exception {
        return cloud.http.post("/v1/agent/complete", "application/json", json.writeValueAsString(request),
                cloud.credential);
    }

    private static void assertRefused(HttpFixture.Reply reply, String detail) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(403);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("field").asText()).isEqualTo("signature");
        assertThat(reply.json().get("detail").asText()).contains(detail);
    }

    private long strikes() throws Exception {
        return cloud.count("SELECT COALESCE(SUM(strikes), 0) FROM car_trust");
    }
}
