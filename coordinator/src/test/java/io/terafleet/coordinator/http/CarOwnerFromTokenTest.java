package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A car cannot choose who it is: on every way in (an owner's grant, a fleet token from the coordinator's
 * configuration, a fleet token the operator issued over HTTP) a car naming an owner its token does not give is
 * refused with a 400 naming {@code ownerId}, and nothing is enrolled or used up.
 */
class CarOwnerFromTokenTest {
    private static final String CONFIGURED = "enrollment-token-for-tests";

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

    private CloudFixture.Reply enroll(String token, String owner) throws Exception {
        String named = owner == null ? "" : ", \"ownerId\": \"" + owner + "\"";
        return cloud.send("POST", "/v1/agent/enroll", "{\"enrollmentToken\": \"" + token + "\", \"carName\": \"c\""
                + named + TestCars.KEY_FIELD + "}", null);
    }

    private static void refusedNaming(CloudFixture.Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("ownerId");
    }

    @Test
    void aGrantsCarIsItsOwnersAndNamingAnotherIsRefused() throws Exception {
        cloud.send("POST", "/v1/owners", "{\"id\": \"alice\"}", CloudFixture.OPERATOR);
        String grant = cloud.send("POST", "/v1/enrollment-tokens", "{\"owner_id\": \"alice\", \"max_uses\": 2}",
                CloudFixture.OPERATOR).json().get("enrollment_token").asText();
        for (int i = 0; i < 3; i++) {
            refusedNaming(enroll(grant, "mallory-" + i));
        }
        assertThat(enroll(grant, "alice").status()).as("naming its own owner is fine").isEqualTo(201);
        assertThat(enroll(grant, null).status()).as("the refusals used none of the 2 uses").isEqualTo(201);
        assertThat(enroll(grant, null).status()).as("used up").isEqualTo(401);
    }

    @Test
    void aConfiguredFleetTokensCarIsItsOwnOwnerAndNamingAnyOwnerIsRefused() throws Exception {
        refusedNaming(enroll(CONFIGURED, "alice"));
        refusedNaming(enroll(CONFIGURED, "invented-owner-1"));
        var car = enroll(CONFIGURED, null);
        assertThat(car.status()).isEqualTo(201);
        String carId = car.json().get("carId").asText();
        var statement = cloud.send("GET", "/v1/owners/" + carId + "/statement", null, CloudFixture.OPERATOR);
        assertThat(statement.json().get("ownerId").asText()).as("paid to itself").isEqualTo(carId);
    }

    @Test
    void aFleetTokenIssuedOverHttpGivesNoOwnerEither() throws Exception {
        String token = cloud.send("POST", "/v1/enrollment-tokens", null, CloudFixture.OPERATOR).json()
                .get("enrollment_token").asText();
        refusedNaming(enroll(token, "alice"));
        assertThat(enroll(token, null).status()).isEqualTo(201);
    }
}
