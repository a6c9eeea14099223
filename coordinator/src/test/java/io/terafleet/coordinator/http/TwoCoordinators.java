package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.access.EnrollmentPolicy;
import io.terafleet.coordinator.db.TestDatabase;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Two secured coordinators on one fresh PostgreSQL database, linked by the NATS server named by
 * {@code terafleet.test.nats} (default {@code nats://127.0.0.1:4222}): what a load balancer in front of a cluster
 * spreads one client's calls over.
 */
final class TwoCoordinators implements AutoCloseable {
    static final String OPERATOR = "operator-key-for-tests-000001";
    static final String FLEET_TOKEN = "enrollment-token-for-tests";
    private static final String NATS = System.getProperty("terafleet.test.nats", "nats://127.0.0.1:4222");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final TestDatabase store;
    final Coordinator a;
    final Coordinator b;

    record Reply(int status, String body, JsonNode json, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    TwoCoordinators(EnrollmentPolicy enrollment) {
        this.store = TestDatabase.postgres();
        Coordinator first = null;
        try {
            first = start(enrollment);
            this.a = first;
            this.b = start(enrollment);
        } catch (RuntimeException e) {
            if (first != null) {
                first.close();
            }
            store.close();
            throw e;
        }
    }

    private Coordinator start(EnrollmentPolicy enrollment) {
        var config = CoordinatorConfig.defaults(store.config(), List.of(FLEET_TOKEN)).withPort(0).withNatsUrl(NATS)
                .withEnrollment(enrollment);
        return Coordinator.start(config, CloudConfig.secured(store.config(), List.of(OPERATOR)), Clock.systemUTC());
    }

    /** {@code body} is JSON or null; {@code headers} extra request headers (name, value). */
    Reply send(Coordinator to, String method, String path, String body, String key, Map<String, String> headers)
            throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(to.uri().resolve(path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        headers.forEach(builder::header);
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode node = type.contains("json") && !response.body().isEmpty() ? json.readTree(response.body()) : null;
        return new Reply(response.statusCode(), response.body(), node, response);
    }

    Reply send(Coordinator to, String method, String path, String body, String key)
            throws IOException, InterruptedException {
        return send(to, method, path, body, key, Map.of());
    }

    /** An owner account made by the operator on {@code at}; its owner key. */
    String owner(Coordinator at, String id) throws Exception {
        return expect(201, send(at, "POST", "/v1/owners", "{\"id\": \"" + id + "\"}", OPERATOR)).json()
                .get("owner_key").asText();
    }

    /** An enrollment grant for {@code owner}'s cars, issued on {@code at}. */
    String grant(Coordinator at, String owner, int uses) throws Exception {
        return expect(201, send(at, "POST", "/v1/enrollment-tokens", "{\"owner_id\": \"" + owner + "\", \"max_uses\": "
                + uses + "}", OPERATOR)).json().get("enrollment_token").asText();
    }

    /** A car enrolling on {@code at} with {@code token}, naming {@code owner} (null: none). */
    Reply enroll(Coordinator at, String token, String name, String owner, Map<String, String> headers)
            throws Exception {
        String named = owner == null ? "" : ", \"ownerId\": \"" + owner + "\"";
        return send(at, "POST", "/v1/agent/enroll", "{\"enrollmentToken\": \"" + token + "\", \"carName\": \"" + name
                + "\", \"hardwareClass\": \"HW3\"" + named + TestCars.KEY_FIELD + "}", null, headers);
    }

    static Reply expect(int status, Reply reply) {
        if (reply.status() != status) {
            throw new AssertionError("expected " + status + ", got " + reply.status() + ": " + reply.body());
        }
        return reply;
    }

    @Override
    public void close() {
        b.close();
        a.close();
        store.close();
    }
}
