package io.terafleet.coordinator.http;

import static io.terafleet.coordinator.http.TwoCoordinators.OPERATOR;
import static io.terafleet.coordinator.http.TwoCoordinators.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.access.EnrollmentPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the operator revokes on one coordinator stops working on the other at once, though the other had it cached:
 * an API key, a car's credential, an enrollment grant, an owner (its key and its grants). "At once" is the cluster
 * bus's delivery: the test allows it one second, where it takes milliseconds.
 */
@Tag("postgres")
class RevocationAcrossCoordinatorsPostgresTest {
    private static final Duration BUS = Duration.ofSeconds(1);
    private static TwoCoordinators cluster;

    @BeforeAll
    static void start() {
        cluster = new TwoCoordinators(EnrollmentPolicy.DEFAULTS);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void soon(Callable<Integer> status, int expected) {
        Awaitility.await().atMost(BUS).pollInterval(Duration.ofMillis(20)).until(status, s -> s == expected);
    }

    @Test
    void anApiKeyRevokedOnOneCoordinatorIsRefusedOnTheOther() throws Exception {
        var tenant = expect(201, cluster.send(cluster.a, "POST", "/v1/tenants", "{\"name\": \"acme\"}", OPERATOR))
                .json();
        String key = tenant.get("api_key").asText();
        expect(200, cluster.send(cluster.b, "GET", "/v1/files", null, key)); // cached on b
        expect(200, cluster.send(cluster.a, "DELETE", "/v1/tenants/" + tenant.get("id").asText() + "/keys/"
                + tenant.get("key_prefix").asText(), null, OPERATOR));
        soon(() -> cluster.send(cluster.b, "GET", "/v1/files", null, key).status(), 401);
        assertThat(cluster.send(cluster.a, "GET", "/v1/files", null, key).status()).isEqualTo(401);
    }

    @Test
    void aCarCredentialRevokedOnOneCoordinatorIsRefusedOnTheOther() throws Exception {
        var car = expect(201, cluster.enroll(cluster.b, TwoCoordinators.FLEET_TOKEN, "c1", null, Map.of())).json();
        String credential = car.get("credential").asText();
        String status = "{\"eligible\": true}";
        expect(204, cluster.send(cluster.a, "POST", "/v1/agent/status", status, credential)); // cached on a
        expect(204, cluster.send(cluster.b, "POST", "/v1/agent/status", status, credential)); // and on b
        expect(204, cluster.send(cluster.b, "POST", "/v1/cars/" + car.get("carId").asText() + "/revoke", null,
                OPERATOR));
        soon(() -> cluster.send(cluster.a, "POST", "/v1/agent/status", status, credential).status(), 401);
        assertThat(cluster.send(cluster.b, "POST", "/v1/agent/status", status, credential).status()).isEqualTo(401);
    }

    @Test
    void aGrantRevokedOnOneCoordinatorEnrollsNoCarOnTheOther() throws Exception {
        cluster.owner(cluster.a, "gail");
        String grant = cluster.grant(cluster.a, "gail", 5);
        expect(201, cluster.enroll(cluster.b, grant, "g1", null, Map.of()));
        expect(204, cluster.send(cluster.a, "POST", "/v1/enrollment-tokens/revoke", "{\"enrollment_token\": \""
                + grant + "\"}", OPERATOR));
        assertThat(cluster.enroll(cluster.b, grant, "g2", null, Map.of()).status()).isEqualTo(401);
        assertThat(cluster.enroll(cluster.a, grant, "g3", null, Map.of()).status()).isEqualTo(401);
    }

    @Test
    void anOwnerRevokedOnOneCoordinatorIsRefusedOnTheOtherWithItsGrants() throws Exception {
        String ownerKey = cluster.owner(cluster.a, "olga");
        String grant = cluster.grant(cluster.a, "olga", 5);
        expect(201, cluster.enroll(cluster.b, grant, "o1", null, Map.of()));
        String statement = "/v1/owners/olga/statement";
        expect(200, cluster.send(cluster.b, "GET", statement, null, ownerKey)); // cached on b
        expect(204, cluster.send(cluster.a, "POST", "/v1/owners/olga/revoke", null, OPERATOR));
        soon(() -> cluster.send(cluster.b, "GET", statement, null, ownerKey).status(), 401);
        assertThat(cluster.enroll(cluster.b, grant, "o2", null, Map.of()).status())
                .as("the owner's grants go with it").isEqualTo(401);
        var newGrant = cluster.send(cluster.b, "POST", "/v1/enrollment-tokens", "{\"owner_id\": \"olga\"}", OPERATOR);
        assertThat(newGrant.status()).as(newGrant.body()).isEqualTo(400);
        assertThat(newGrant.body()).contains("owner_id");
        expect(200, cluster.send(cluster.b, "GET", statement, null, OPERATOR)); // its statement stays
    }
}
