package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's routes: its files come from the coordinator itself; each key signs in as its own role and sees
 * only its own state; a customer makes, lists and revokes its own keys.
 */
class ConsoleRoutesTest {
    @TempDir
    Path dir;
    CloudFixture cloud;

    @BeforeEach
    void start() {
        cloud = new CloudFixture(dir, CloudFixture.secured(dir));
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void theConsoleAndItsChartLibraryAreServedByTheCoordinator() throws Exception {
        var page = cloud.send("GET", "/console", null, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'");
        assertThat(page.body()).contains("/console/console.js").doesNotContain("https://");
        var charts = cloud.send("GET", "/console/echarts.js", null, null);
        assertThat(charts.status()).isEqualTo(200);
        assertThat(charts.body()).contains("echarts");
        assertThat(cloud.send("GET", "/console/..%2Fopenapi.yaml", null, null).status()).isEqualTo(404);
        assertThat(cloud.send("GET", "/console/pom.xml", null, null).status()).isEqualTo(404);
    }

    @Test
    void eachKeySignsInAsItsRoleAndSeesItsOwnStateOnly() throws Exception {
        String apiKey = cloud.tenant("acme", "");
        String ownerKey = cloud.send("POST", "/v1/owners", "{\"id\": \"olivia\"}", CloudFixture.OPERATOR).json()
                .get("owner_key").asText();
        var enrolled = cloud.send("POST", "/v1/enrollment-tokens", "{\"owner_id\": \"olivia\"}", CloudFixture.OPERATOR);
        String grant = enrolled.json().get("enrollment_token").asText();
        String publicKey = java.util.Base64.getEncoder().encodeToString(java.security.KeyPairGenerator
                .getInstance("Ed25519").generateKeyPair().getPublic().getEncoded()); // a grant's car signs its results
        assertThat(cloud.send("POST", "/v1/agent/enroll", "{\"enrollmentToken\": \"" + grant
                + "\", \"carName\": \"red car\", \"publicKey\": \"" + publicKey + "\"}", null).status()).isEqualTo(201);

        assertThat(cloud.send("GET", "/v1/console/whoami", null, ownerKey).json().get("role").asText()).isEqualTo("owner");
        assertThat(cloud.send("GET", "/v1/console/whoami", null, apiKey).json().get("role").asText()).isEqualTo("tenant");
        assertThat(cloud.send("GET", "/v1/console/whoami", null, CloudFixture.OPERATOR).json().get("role").asText())
                .isEqualTo("operator");

        var owner = cloud.send("GET", "/v1/console/live", null, ownerKey).json();
        assertThat(owner.get("cars")).hasSize(1);
        assertThat(owner.get("cars").get(0).get("name").asText()).isEqualTo("red car");
        assertThat(owner.has("fleet")).isFalse();
        var tenant = cloud.send("GET", "/v1/console/live", null, apiKey).json();
        assertThat(tenant.get("jobs")).isEmpty();
        assertThat(tenant.has("cars")).isFalse();
        var operator = cloud.send("GET", "/v1/console/live", null, CloudFixture.OPERATOR).json();
        assertThat(operator.get("fleet").get("cars").get(0).get("enrolled").asLong()).isEqualTo(1);

        var health = cloud.send("GET", "/v1/ledger/health", null, CloudFixture.OPERATOR).json();
        assertThat(health.get("healthy").asBoolean()).as(health.toString()).isTrue();
        assertThat(cloud.send("GET", "/v1/ledger/health", null, ownerKey).status()).isEqualTo(403);
        assertThat(cloud.send("GET", "/v1/owners/olivia/cars", null, ownerKey).json().get("data")).hasSize(1);
        assertThat(cloud.send("GET", "/v1/owners/oscar/cars", null, ownerKey).status()).isEqualTo(404);
        assertThat(cloud.send("GET", "/v1/owners/olivia/cars", null, apiKey).status()).isEqualTo(403);
    }

    @Test
    void theOperatorSeesCarsInQuarantineWithTheirEvidence() throws Exception {
        var car = cloud.send("POST", "/v1/agent/enroll",
                "{\"enrollmentToken\": \"enrollment-token-for-tests\", \"carName\": \"liar\""
                        + TestCars.KEY_FIELD + "}", null).json();
        String carId = car.get("carId").asText();
        try (var store = io.terafleet.coordinator.db.Database.open(io.terafleet.coordinator.db.DatabaseConfig.h2File(dir))) {
            store.inTransaction(c -> {
                try (var insert = c.prepareStatement("INSERT INTO car_trust (car_id, state, valid_streak, strikes,"
                        + " total_valid, total_invalid, canaries_passed, updated_at) VALUES (?, 'QUARANTINED', 0, 3, 7, 3, 1, 0)")) {
                    insert.setString(1, carId);
                    return insert.executeUpdate();
                }
            });
        }
        var trust = cloud.send("GET", "/v1/console/live", null, CloudFixture.OPERATOR).json().get("fleet").get("trust");
        assertThat(trust).hasSize(1);
        assertThat(trust.get(0).get("carId").asText()).isEqualTo(carId);
        assertThat(trust.get(0).get("state").asText()).isEqualTo("quarantined");
        assertThat(trust.get(0).get("strikes").asInt()).isEqualTo(3);
        assertThat(trust.get(0).get("invalidResults").asLong()).isEqualTo(3);

        assertThat(cloud.send("POST", "/v1/cars/" + carId + "/reinstate", null, CloudFixture.OPERATOR).status())
                .isEqualTo(204);
        var again = cloud.send("POST", "/v1/cars/" + carId + "/reinstate", null, CloudFixture.OPERATOR);
        assertThat(again.status()).as("no longer in quarantine").isEqualTo(409);
        try (var store = io.terafleet.coordinator.db.Database.open(io.terafleet.coordinator.db.DatabaseConfig.h2File(dir))) {
            String state = store.inTransaction(c -> {
                try (var query = c.prepareStatement("SELECT state, strikes FROM car_trust WHERE car_id = ?")) {
                    query.setString(1, carId);
                    try (var rows = query.executeQuery()) {
                        rows.next();
                        return rows.getString(1) + "/" + rows.getInt(2);
                    }
                }
            });
            assertThat(state).as("starts again with no strikes").isEqualTo("NEW/0");
        }
    }

    @Test
    void theOperatorsFeedCarriesCountersFromMemoryAndTheLedgerHealthTheOwnersMoney() throws Exception {
        var fleet = cloud.send("GET", "/v1/console/live", null, CloudFixture.OPERATOR).json().get("fleet");
        assertThat(fleet.get("pulse").has("unitsCompleted")).isTrue();
        assertThat(fleet.get("pulse").get("online").isArray()).isTrue();
        assertThat(fleet.get("tablesReadAt").asLong()).isPositive();
        var health = cloud.send("GET", "/v1/ledger/health", null, CloudFixture.OPERATOR).json();
        assertThat(health.get("owners").isArray()).as(health.toString()).isTrue();
    }

    @Test
    void theLiveFeedStreamsSnapshotsAsServerSentEvents() throws Exception {
        String apiKey = cloud.tenant("acme", "");
        var request = java.net.http.HttpRequest.newBuilder(cloud.coordinator.uri().resolve("/v1/console/live"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + apiKey).build();
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofLines());
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            try (var events = response.body()) {
                var data = events.filter(line -> line.startsWith("data: ")).limit(2).toList();
                assertThat(data).hasSize(2).allSatisfy(line -> assertThat(line).contains("\"role\":\"tenant\""));
            }
        }
    }

    @Test
    void aCustomerMakesListsAndRevokesItsOwnKeys() throws Exception {
        String apiKey = cloud.tenant("acme", "");
        String otherKey = cloud.tenant("bob", "");
        var made = cloud.send("POST", "/v1/keys", "{\"label\": \"ci\"}", apiKey);
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String key = made.json().get("api_key").asText();
        String prefix = made.json().get("key_prefix").asText();
        assertThat(cloud.send("GET", "/v1/files", null, key).status()).isEqualTo(200);
        var keys = cloud.send("GET", "/v1/keys", null, apiKey).json().get("data");
        assertThat(keys).hasSize(2);
        assertThat(keys.get(1).get("label").asText()).isEqualTo("ci");
        assertThat(keys.toString()).doesNotContain(key);

        assertThat(cloud.send("DELETE", "/v1/keys/" + prefix, null, otherKey).status()).as("another tenant's key")
                .isEqualTo(404);
        assertThat(cloud.send("DELETE", "/v1/keys/" + prefix, null, apiKey).status()).isEqualTo(204);
        assertThat(cloud.send("GET", "/v1/files", null, key).status()).isEqualTo(401);
        var tooLong = cloud.send("POST", "/v1/keys", "{\"label\": \"" + "x".repeat(101) + "\"}", apiKey);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("label");
    }
}
