package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Owner accounts over HTTP: the operator creates one and its key is shown once; the key reads that owner's
 * statement and account only, nothing of another role; a revoked owner's key is refused at once.
 */
class OwnerAccountsTest {
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
    void anOwnerKeyReadsItsOwnStatementOnly() throws Exception {
        var created = cloud.send("POST", "/v1/owners", "{\"id\": \"olivia\", \"name\": \"Olivia\"}", CloudFixture.OPERATOR);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String key = created.json().get("owner_key").asText();
        cloud.send("POST", "/v1/owners", "{\"id\": \"oscar\"}", CloudFixture.OPERATOR);

        assertThat(cloud.send("GET", "/v1/owners/olivia/statement", null, key).status()).isEqualTo(200);
        assertThat(cloud.send("GET", "/v1/owners/olivia", null, key).json().get("name").asText()).isEqualTo("Olivia");
        assertThat(cloud.send("GET", "/v1/owners/oscar/statement", null, key).status()).isEqualTo(404);
        assertThat(cloud.send("GET", "/v1/owners/oscar", null, key).status()).isEqualTo(404);
        assertThat(cloud.send("GET", "/v1/owners", null, key).status()).as("the operator's list").isEqualTo(403);
        assertThat(cloud.send("GET", "/v1/files", null, key).status()).as("a customer route").isEqualTo(403);
        assertThat(cloud.send("GET", "/v1/owners/olivia/statement", null, "tfo-" + "0".repeat(48)).status())
                .isEqualTo(401);
    }

    @Test
    void theOperatorListsAndRevokesOwnersAtOnce() throws Exception {
        String key = cloud.send("POST", "/v1/owners", "{\"id\": \"olivia\"}", CloudFixture.OPERATOR).json()
                .get("owner_key").asText();
        assertThat(cloud.send("GET", "/v1/owners/olivia/statement", null, key).status()).isEqualTo(200); // cached

        assertThat(cloud.send("POST", "/v1/owners/olivia/revoke", null, CloudFixture.OPERATOR).status()).isEqualTo(204);

        assertThat(cloud.send("GET", "/v1/owners/olivia/statement", null, key).status()).isEqualTo(401);
        var list = cloud.send("GET", "/v1/owners", null, CloudFixture.OPERATOR).json().get("data");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("revoked_at").isNumber()).isTrue();
        assertThat(list.get(0).has("owner_key")).as("a key is shown once only").isFalse();
        assertThat(cloud.send("POST", "/v1/owners/olivia/revoke", null, CloudFixture.OPERATOR).status()).isEqualTo(404);
        assertThat(cloud.send("GET", "/v1/owners/olivia/statement", null, CloudFixture.OPERATOR).status())
                .as("the operator still reads it").isEqualTo(200);
    }

    @Test
    void aBadOrTakenOwnerIdIsRefusedNamingTheField() throws Exception {
        cloud.send("POST", "/v1/owners", "{\"id\": \"olivia\"}", CloudFixture.OPERATOR);
        var taken = cloud.send("POST", "/v1/owners", "{\"id\": \"olivia\"}", CloudFixture.OPERATOR);
        assertThat(taken.status()).isEqualTo(409);
        var bad = cloud.send("POST", "/v1/owners", "{\"id\": \"has space\"}", CloudFixture.OPERATOR);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("id");
        var missing = cloud.send("POST", "/v1/owners", "{}", CloudFixture.OPERATOR);
        assertThat(missing.status()).isEqualTo(400);
    }
}
