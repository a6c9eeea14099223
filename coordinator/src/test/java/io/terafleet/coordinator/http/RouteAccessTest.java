package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.access.Access;
import io.terafleet.coordinator.access.RouteTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks the router's own route table: every route declares who may call it, and for every route and every kind
 * of caller (none, a car, tenant A on tenant B's objects, the operator) the answer follows that declaration. Path
 * aliases reach the same rule or nothing.
 */
class RouteAccessTest {
    @TempDir
    Path dir;
    CloudFixture cloud;
    String tenantA;
    String tenantB;
    String tenantBId;
    String carCredential;
    final Map<String, String> bObjects = new LinkedHashMap<>();

    enum Caller { NONE, CAR, TENANT_A, OPERATOR }

    @BeforeEach
    void tenantBOwnsThingsAndACarIsEnrolled() throws Exception {
        cloud = new CloudFixture(dir, CloudFixture.secured(dir));
        tenantA = cloud.tenant("alice", "");
        tenantB = cloud.tenant("bob", "");
        String fileId = cloud.upload(CloudFixture.batchLine("a", "hello"), tenantB).json().get("id").asText();
        String batchId = cloud.send("POST", "/v1/batches", "{\"input_file_id\": \"" + fileId
                + "\", \"endpoint\": \"/v1/embeddings\", \"completion_window\": \"24h\"}", tenantB).json().get("id").asText();
        var job = cloud.send("POST", "/v1/jobs?model=all-minilm-l6-v2", "application/jsonl",
                "{\"custom_id\": \"x\", \"input\": \"hi\"}\n".getBytes(StandardCharsets.UTF_8), tenantB);
        String jobId = job.json().get("id").asText();
        tenantBId = job.json().get("tenant").asText();
        bObjects.put("/v1/files/", fileId);
        bObjects.put("/v1/batches/", batchId);
        bObjects.put("/v1/jobs/", jobId);
        bObjects.put("/v1/tenants/", tenantBId);
        var enrolled = cloud.send("POST", "/v1/agent/enroll",
                "{\"enrollmentToken\": \"enrollment-token-for-tests\", \"carName\": \"c1\"" + TestCars.KEY_FIELD + "}",
                null);
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
        carCredential = enrolled.json().get("credential").asText();
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void everyRouteDeclaresWhoMayCallIt() {
        RouteTable table = cloud.coordinator.routes();
        assertThat(table.routes()).hasSizeGreaterThan(40);
        assertThat(table.undeclared()).as("routes registered without an access rule").isEmpty();
    }

    @Test
    void everyRouteAnswersEveryCallerAsDeclared() throws Exception {
        for (RouteTable.Route route : cloud.coordinator.routes().routes()) {
            for (Caller caller : Caller.values()) {
                String path = concrete(route.path());
                var reply = cloud.send(route.method().name(), path, "{}", key(caller));
                String what = route.method() + " " + path + " as " + caller + ": " + reply.status() + " " + reply.body();
                assertThat(reply.status() < 500 || reply.status() == 503).as(what).isTrue(); // 503: not ready
                if (!route.admits(kind(caller))) {
                    assertThat(reply.status()).as(what).isEqualTo(caller == Caller.NONE ? 401 : 403);
                } else if (caller == Caller.TENANT_A && namesTenantBsObject(route.path())) {
                    assertThat(reply.status()).as(what).isEqualTo(404);
                } else {
                    assertThat(reply.status()).as(what).isNotIn(401, 403);
                }
            }
        }
    }

    @Test
    void aliasesOfAnOperatorRouteReachItsRuleOrNothing() throws Exception {
        for (String alias : List.of("/v1/enrollment-tokens", "/v1/enrollment-tokens/", "//v1/enrollment-tokens",
                "/v1//enrollment-tokens", "/V1/Enrollment-Tokens", "/v1/./enrollment-tokens",
                "/v1/x/../enrollment-tokens", "/v1/%65nrollment-tokens", "/v1/enrollment-tokens%2F",
                "/v1/enrollment-tokens/.", "/v1/enrollment-tokens;x=1", "/v1/enrollment-tokens/%2e")) {
            for (String key : new String[] {null, tenantA, carCredential}) {
                int status = raw("POST", alias, key);
                assertThat(status).as("POST %s with %s", alias, key).isIn(400, 401, 403, 404, 405);
            }
            assertThat(raw("POST", alias, CloudFixture.OPERATOR)).as(alias).isIn(201, 400, 404, 405);
        }
        assertThat(raw("POST", "/v1/enrollment-tokens/", CloudFixture.OPERATOR)).isEqualTo(201);
    }

    @Test
    void anotherTenantsUsageIsRefusedUnderEveryAlias() throws Exception {
        for (String alias : List.of("/v1/usage", "/v1/usage/", "/v1//usage", "/v1/usage/.", "/v1/%75sage")) {
            int status = raw("GET", alias + "?customer=" + tenantBId, tenantA);
            assertThat(status).as(alias).isIn(400, 404);
        }
        assertThat(raw("GET", "/v1/usage/?customer=" + tenantBId, tenantB)).isEqualTo(200);
        assertThat(raw("GET", "/v1/usage/?customer=" + tenantBId, CloudFixture.OPERATOR)).isEqualTo(200);
    }

    private boolean namesTenantBsObject(String pattern) {
        return pattern.equals("/v1/usage") || bObjects.keySet().stream()
                .anyMatch(prefix -> pattern.startsWith(prefix) && !prefix.equals("/v1/tenants/"));
    }

    private String concrete(String pattern) {
        String path = pattern;
        for (var object : bObjects.entrySet()) {
            if (path.startsWith(object.getKey() + "{id}")) {
                path = path.replace("{id}", object.getValue());
            }
        }
        path = path.replace("{id}", "someone").replace("{name}", "all-minilm-l6-v2").replace("{version}", "1")
                .replace("{requestId}", "r-1").replace("{sha256}", "0".repeat(64)).replace("{prefix}", "sk-tf-0000")
                .replace("{car}", "some-car");
        return pattern.equals("/v1/usage") ? path + "?customer=" + tenantBId : path;
    }

    private static Access kind(Caller caller) {
        return switch (caller) {
            case NONE -> Access.ANONYMOUS;
            case CAR -> Access.CAR;
            case TENANT_A -> Access.TENANT;
            case OPERATOR -> Access.OPERATOR;
        };
    }

    private String key(Caller caller) {
        return switch (caller) {
            case NONE -> null;
            case CAR -> carCredential;
            case TENANT_A -> tenantA;
            case OPERATOR -> CloudFixture.OPERATOR;
        };
    }

    /** Sends the request line exactly as written (no client-side normalisation) and returns the status. */
    private int raw(String method, String target, String key) throws IOException {
        var uri = cloud.coordinator.uri();
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            String request = method + " " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n"
                    + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            String status = line.toString(StandardCharsets.US_ASCII);
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

}
