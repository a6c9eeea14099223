package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.core.api.InputResult;
import io.terafleet.core.identity.CarKeys;
import io.terafleet.core.identity.ResultDigest;
import java.security.KeyPair;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the tests of a car's signed calls start from: a coordinator on a fresh in-memory H2 store, one car enrolled
 * with its own Ed25519 key (and a thief's key that is not the car's), and a job of the given JSONL inputs.
 */
final class SignedCarCloud implements AutoCloseable {
    final KeyPair car = CarKeys.generate();
    final KeyPair thief = CarKeys.generate();
    final String token;
    final String jdbcUrl;
    final Coordinator coordinator;
    final HttpFixture http;
    final String credential;

    private SignedCarCloud(String token, String carName, int unitSize, String jsonl) throws Exception {
        this.token = token;
        this.jdbcUrl = "jdbc:h2:mem:" + carName + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        this.coordinator = Coordinator.start(CoordinatorConfig.defaults(new DatabaseConfig(jdbcUrl, "sa", "", 4),
                List.of(token)).withPort(0).withUnitSize(unitSize), Clock.systemUTC());
        this.http = new HttpFixture(coordinator.uri());
        var enrolled = http.post("/v1/agent/enroll", "application/json", "{\"enrollmentToken\":\"" + token
                + "\",\"carName\":\"" + carName + "\",\"publicKey\":\"" + CarKeys.encode(car.getPublic()) + "\"}", null);
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
        this.credential = enrolled.json().get("credential").asText();
        assertThat(http.post("/v1/jobs?model=all-minilm-l6-v2", "application/jsonl", jsonl, null).status())
                .isEqualTo(201);
    }

    /** Started, the car enrolled and the job submitted; {@code unitSize} inputs to a unit. */
    static SignedCarCloud start(String token, String carName, int unitSize, String jsonl) throws Exception {
        return new SignedCarCloud(token, carName, unitSize, jsonl);
    }

    /** Up to {@code maxUnits} units leased to the car in one call. */
    List<JsonNode> lease(int maxUnits) throws Exception {
        var reply = http.post("/v1/agent/lease", "application/json", "{\"maxUnits\":" + maxUnits
                + ",\"waitMillis\":0}", credential);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<JsonNode> units = new ArrayList<>();
        reply.json().get("units").forEach(units::add);
        return units;
    }

    /** A unit-length 384-dimension result for every input of the unit, its direction given by the input's index. */
    static List<InputResult> results(JsonNode unit) {
        List<InputResult> results = new ArrayList<>();
        for (JsonNode input : unit.get("inputs")) {
            float[] v = new float[384];
            v[input.get("index").asInt() % 384] = 1f;
            results.add(new InputResult(input.get("index").asInt(), v));
        }
        return results;
    }

    /** The signature {@code keys} make over what a completion or release ({@code kind}) hands back for the unit. */
    static String sign(KeyPair keys, String kind, JsonNode unit, List<InputResult> results, Double energy) {
        return CarKeys.sign(keys.getPrivate(), ResultDigest.of(kind, unit.get("leaseId").asText(),
                unit.get("unitId").asText(), results, energy));
    }

    /** The one number {@code sql} selects from the store. */
    long count(String sql) throws Exception {
        try (var c = DriverManager.getConnection(jdbcUrl, "sa", ""); var q = c.prepareStatement(sql);
             var rows = q.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Override
    public void close() {
        coordinator.close();
    }
}
