package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An owner's policy per car: checked as the car's policy file is (the error naming the field), kept with who set it
 * and when, readable only by its owner and the operator, and handed to the car in the answer to its next report;
 * the report's reasons and battery are what the owner's console shows.
 */
class OwnerPolicyRoutesTest {
    @TempDir
    Path dir;
    CloudFixture cloud;
    String ownerKey;
    String carId;
    String credential;

    @BeforeEach
    void start() throws Exception {
        cloud = new CloudFixture(dir, CloudFixture.secured(dir));
        ownerKey = cloud.send("POST", "/v1/owners", "{\"id\": \"olivia\"}", CloudFixture.OPERATOR).json()
                .get("owner_key").asText();
        String grant = cloud.send("POST", "/v1/enrollment-tokens", "{\"owner_id\": \"olivia\"}", CloudFixture.OPERATOR)
                .json().get("enrollment_token").asText();
        String publicKey = java.util.Base64.getEncoder().encodeToString(java.security.KeyPairGenerator
                .getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
        var car = cloud.send("POST", "/v1/agent/enroll", "{\"enrollmentToken\": \"" + grant
                + "\", \"carName\": \"red car\", \"publicKey\": \"" + publicKey + "\"}", null).json();
        carId = car.get("carId").asText();
        credential = car.get("credential").asText();
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    private String policyPath() {
        return "/v1/owners/olivia/cars/" + carId + "/policy";
    }

    @Test
    void aPolicyWithAnErrorIsRefusedNamingTheFieldAndAGoodOneIsKeptWithItsHistory() throws Exception {
        var wrong = cloud.send("PUT", policyPath(), "{\"optedIn\": true, \"minStateOfChargePercent\": 150}", ownerKey);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("field").asText()).isEqualTo("minStateOfChargePercent");
        var misspelt = cloud.send("PUT", policyPath(), "{\"optedln\": true}", ownerKey);
        assertThat(misspelt.status()).isEqualTo(400);
        assertThat(misspelt.json().get("detail").asText()).contains("unknown field");
        var band = cloud.send("PUT", policyPath(), "{\"tariff\": {\"basePricePerKwh\": 0.3, \"bands\":"
                + " [{\"window\": \"25:00-26:00\", \"pricePerKwh\": 0.1}]}}", ownerKey);
        assertThat(band.json().get("field").asText()).isEqualTo("tariff");

        assertThat(cloud.send("PUT", policyPath(), "{\"optedIn\": true, \"minStateOfChargePercent\": 60}", ownerKey)
                .status()).isEqualTo(201);
        assertThat(cloud.send("PUT", policyPath(), "{\"optedIn\": true, \"minStateOfChargePercent\": 70}",
                CloudFixture.OPERATOR).status()).isEqualTo(201);
        var read = cloud.send("GET", policyPath(), null, ownerKey).json();
        assertThat(read.get("current").get("version").asLong()).isEqualTo(2);
        assertThat(read.get("current").get("setBy").asText()).isEqualTo("operator");
        assertThat(read.get("current").get("policy").get("minStateOfChargePercent").asDouble()).isEqualTo(70);
        assertThat(read.get("history")).hasSize(2);
        assertThat(read.get("history").get(1).get("setBy").asText()).isEqualTo("owner:olivia");
    }

    @Test
    void onlyTheOwnerAndTheOperatorReachACarsPolicy() throws Exception {
        String otherKey = cloud.send("POST", "/v1/owners", "{\"id\": \"oscar\"}", CloudFixture.OPERATOR).json()
                .get("owner_key").asText();
        String apiKey = cloud.tenant("acme", "");
        assertThat(cloud.send("GET", policyPath(), null, otherKey).status()).isEqualTo(404);
        assertThat(cloud.send("GET", "/v1/owners/oscar/cars/" + carId + "/policy", null, otherKey).status())
                .as("a car that is not oscar's").isEqualTo(404);
        assertThat(cloud.send("PUT", policyPath(), "{}", otherKey).status()).isEqualTo(404);
        assertThat(cloud.send("GET", policyPath(), null, apiKey).status()).isEqualTo(403);
        assertThat(cloud.send("GET", policyPath(), null, credential).status()).isEqualTo(403);
        assertThat(cloud.send("GET", policyPath(), null, CloudFixture.OPERATOR).status()).isEqualTo(200);
        assertThat(cloud.send("POST", "/v1/agent/report", "{}", ownerKey).status()).isEqualTo(403);
    }

    @Test
    void theCarIsHandedTheNewerPolicyOnItsReportAndItsReasonsAndBatteryReachTheOwner() throws Exception {
        String report = "{\"reasons\": [{\"reason\": \"not_opted_in\", \"detail\": \"the owner has not opted in\"}],"
                + " \"stateOfChargePercent\": 64.5, \"charging\": true, \"pluggedIn\": true}";
        var first = cloud.send("POST", "/v1/agent/report", report, credential).json();
        assertThat(first.get("policyVersion").isNull()).as("no policy set yet").isTrue();

        cloud.send("PUT", policyPath(), "{\"optedIn\": true}", ownerKey);
        var answer = cloud.send("POST", "/v1/agent/report", report, credential).json();
        assertThat(answer.get("policyVersion").asLong()).isEqualTo(1);
        assertThat(io.terafleet.core.policy.json.PolicyJson.parse(answer.get("policy").asText()).optedIn()).isTrue();
        var applied = cloud.send("POST", "/v1/agent/report", "{\"reasons\": [], \"stateOfChargePercent\": 65,"
                + " \"charging\": true, \"pluggedIn\": true, \"policyVersion\": 1}", credential).json();
        assertThat(applied.get("policyVersion").isNull()).as("up to date").isTrue();

        var car = cloud.send("GET", "/v1/owners/olivia/cars", null, ownerKey).json().get("data").get(0);
        assertThat(car.get("report").get("stateOfChargePercent").asDouble()).isEqualTo(65);
        assertThat(car.get("report").get("policyVersion").asLong()).isEqualTo(1);
        assertThat(cloud.send("GET", policyPath(), null, ownerKey).json().get("appliedVersion").asLong()).isEqualTo(1);
        assertThat(cloud.send("POST", "/v1/agent/report", "{\"stateOfChargePercent\": 140}", credential).status())
                .isEqualTo(400);
    }
}
