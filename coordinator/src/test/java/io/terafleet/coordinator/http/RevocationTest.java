package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API keys, car credentials and enrollment tokens revoked by the operator stop working at once, cached or not. */
class RevocationTest {
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
    void aRevokedApiKeyIsRefusedAtOnceThoughItWasCached() throws Exception {
        var created = cloud.send("POST", "/v1/tenants", "{\"name\": \"acme\"}", CloudFixture.OPERATOR).json();
        String key = created.get("api_key").asText();
        String tenant = created.get("id").asText();
        String other = cloud.send("POST", "/v1/tenants/" + tenant + "/keys", null, CloudFixture.OPERATOR).json()
                .get("api_key").asText();
        assertThat(cloud.send("GET", "/v1/files", null, key).status()).isEqualTo(200); // now cached

        var revoked = cloud.send("DELETE", "/v1/tenants/" + tenant + "/keys/" + created.get("key_prefix").asText(),
                null, CloudFixture.OPERATOR);
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(cloud.send("GET", "/v1/files", null, key).status()).isEqualTo(401);
        assertThat(cloud.send("GET", "/v1/files", null, other).status()).as("the tenant's other key").isEqualTo(200);
        assertThat(cloud.send("DELETE", "/v1/tenants/" + tenant + "/keys/" + other, null, CloudFixture.OPERATOR)
                .status()).isEqualTo(200);
        assertThat(cloud.send("GET", "/v1/files", null, other).status()).isEqualTo(401);
        assertThat(cloud.send("DELETE", "/v1/tenants/" + tenant + "/keys/sk-tf-none", null, CloudFixture.OPERATOR)
                .status()).isEqualTo(404);
    }

    @Test
    void aRevokedCarCredentialIsRefusedAtOnce() throws Exception {
        var car = cloud.send("POST", "/v1/agent/enroll",
                "{\"enrollmentToken\": \"enrollment-token-for-tests\", \"carName\": \"c1\""
                        + TestCars.KEY_FIELD + "}", null).json();
        String credential = car.get("credential").asText();
        String status = "{\"eligible\": true}";
        assertThat(cloud.send("POST", "/v1/agent/status", status, credential).status()).isEqualTo(204); // cached
        assertThat(cloud.send("POST", "/v1/cars/" + car.get("carId").asText() + "/revoke", null, CloudFixture.OPERATOR)
                .status()).isEqualTo(204);
        assertThat(cloud.send("POST", "/v1/agent/status", status, credential).status()).isEqualTo(401);
        assertThat(cloud.send("POST", "/v1/cars/car-unknown/revoke", null, CloudFixture.OPERATOR).status())
                .isEqualTo(404);
    }

    @Test
    void aRevokedEnrollmentTokenEnrollsNoMoreCars() throws Exception {
        String token = cloud.send("POST", "/v1/enrollment-tokens", null, CloudFixture.OPERATOR).json()
                .get("enrollment_token").asText();
        String enroll = "{\"enrollmentToken\": \"" + token + "\", \"carName\": \"c\"" + TestCars.KEY_FIELD + "}";
        assertThat(cloud.send("POST", "/v1/agent/enroll", enroll, null).status()).isEqualTo(201);
        assertThat(cloud.send("POST", "/v1/enrollment-tokens/revoke", "{\"enrollment_token\": \"" + token + "\"}",
                CloudFixture.OPERATOR).status()).isEqualTo(204);
        assertThat(cloud.send("POST", "/v1/agent/enroll", enroll, null).status()).isEqualTo(401);
    }
}
