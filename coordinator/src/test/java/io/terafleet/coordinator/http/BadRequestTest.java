package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.intake.InputLimits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input of every kind gets a 4xx problem+json naming the line and field, and nothing
 * already accepted is lost or changed by it.
 */
class BadRequestTest {
    private static final String TOKEN = "enroll-token-for-tests-0001";
    private static final String PROBLEM = "application/problem+json";

    @TempDir
    static Path dir;
    static Coordinator coordinator;
    static HttpFixture http;
    static String acceptedJob;

    @BeforeAll
    static void start() throws Exception {
        var config = new CoordinatorConfig("127.0.0.1", 0, DatabaseConfig.h2File(dir), List.of(TOKEN),
                Duration.ofSeconds(30), Duration.ofSeconds(1), 2, 3, new InputLimits(100, 200, 10));
        coordinator = Coordinator.start(config, Clock.systemUTC());
        http = new HttpFixture(coordinator.uri());
        var accepted = http.post("/v1/jobs?model=all-minilm-l6-v2", "application/jsonl",
                "{\"custom_id\":\"a\",\"input\":\"kept\"}\n{\"custom_id\":\"b\",\"input\":\"also kept\"}\n", null);
        assertThat(accepted.status()).isEqualTo(201);
        acceptedJob = accepted.json().get("id").asText();
    }

    @AfterAll
    static void stop() {
        coordinator.close();
    }

    private static HttpFixture.Reply submit(String body) throws Exception {
        return http.post("/v1/jobs?model=all-minilm-l6-v2", "application/jsonl", body, null);
    }

    private static void assertProblem(HttpFixture.Reply reply, int status) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith(PROBLEM);
        assertThat(reply.json().get("status").asInt()).isEqualTo(status);
        assertThat(reply.json().get("type").asText()).startsWith("https://terafleet.dev/problems/");
    }

    private static void assertFirstError(HttpFixture.Reply reply, int line, String field) {
        assertProblem(reply, 400);
        var first = reply.json().get("errors").get(0);
        assertThat(first.get("line").asInt()).isEqualTo(line);
        if (field == null) {
            assertThat(first.has("field") && !first.get("field").isNull()).isFalse();
        } else {
            assertThat(first.get("field").asText()).isEqualTo(field);
        }
        assertThat(reply.json().get("detail").asText()).contains("line " + line).contains("Nothing was stored");
    }

    @Test
    void malformedJsonl() throws Exception {
        assertFirstError(submit("{\"custom_id\":\"a\",\"input\":\"x\"}\n{\"custom_id\": \n"), 2, null);
    }

    @Test
    void unknownModel() throws Exception {
        var reply = http.post("/v1/jobs?model=gpt-17", "application/jsonl", "{\"custom_id\":\"a\",\"input\":\"x\"}", null);
        assertProblem(reply, 404);
        assertThat(reply.json().get("field").asText()).isEqualTo("model");
        assertThat(reply.json().get("detail").asText()).contains("gpt-17").contains("all-minilm-l6-v2");
    }

    @Test
    void missingModel() throws Exception {
        var reply = http.post("/v1/jobs", "application/jsonl", "{\"custom_id\":\"a\",\"input\":\"x\"}", null);
        assertProblem(reply, 400);
        assertThat(reply.json().get("field").asText()).isEqualTo("model");
    }

    @Test
    void emptyFile() throws Exception {
        var reply = submit("");
        assertProblem(reply, 400);
        assertThat(reply.json().get("errors").get(0).get("line").asInt()).isZero();
        assertThat(reply.json().get("detail").asText()).contains("no inputs");
    }

    @Test
    void oversizedLine() throws Exception {
        assertFirstError(submit("{\"custom_id\":\"a\",\"input\":\"" + "y".repeat(500) + "\"}\n"), 1, null);
    }

    @Test
    void bodyLargerThanAnyValidFile() throws Exception {
        String line = "{\"custom_id\":\"%d\",\"input\":\"" + "z".repeat(150) + "\"}\n";
        var body = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            body.append(line.formatted(i));
        }
        var reply = submit(body.toString());
        assertThat(reply.status()).isIn(400, 413);
        assertThat(reply.contentType()).startsWith(PROBLEM);
    }

    @Test
    void duplicateCustomId() throws Exception {
        assertFirstError(submit("{\"custom_id\":\"a\",\"input\":\"x\"}\n{\"custom_id\":\"a\",\"input\":\"y\"}\n"), 2, "custom_id");
    }

    @Test
    void missingCredential() throws Exception {
        var reply = http.post("/v1/agent/lease", "application/json", "{\"maxUnits\":1,\"waitMillis\":0}", null);
        assertProblem(reply, 401);
        assertThat(reply.json().get("detail").asText()).startsWith("Authorization");
    }

    @Test
    void wrongCredential() throws Exception {
        var reply = http.post("/v1/agent/lease", "application/json", "{\"maxUnits\":1,\"waitMillis\":0}", "tfc_not-a-real-one");
        assertProblem(reply, 401);
    }

    @Test
    void wrongEnrollmentToken() throws Exception {
        var reply = http.post("/v1/agent/enroll", "application/json",
                "{\"enrollmentToken\":\"nope-nope-nope-nope\",\"carName\":\"c1\"" + TestCars.KEY_FIELD + "}", null);
        assertProblem(reply, 401);
        assertThat(reply.json().get("detail").asText()).startsWith("enrollmentToken");
    }

    @Test
    void mistypedAgentFieldIsNamed() throws Exception {
        var enrolled = http.post("/v1/agent/enroll", "application/json",
                "{\"enrollmentToken\":\"" + TOKEN + "\",\"carName\":\"c2\"" + TestCars.KEY_FIELD + "}", null);
        assertThat(enrolled.status()).isEqualTo(201);
        String credential = enrolled.json().get("credential").asText();
        var reply = http.post("/v1/agent/lease", "application/json", "{\"maxUnits\":\"many\"}", credential);
        assertProblem(reply, 400);
        assertThat(reply.json().get("field").asText()).isEqualTo("maxUnits");
        var outOfRange = http.post("/v1/agent/lease", "application/json", "{\"maxUnits\":0}", credential);
        assertThat(outOfRange.json().get("field").asText()).isEqualTo("maxUnits");
    }

    @Test
    void unknownJobAndRoute() throws Exception {
        assertProblem(http.get("/v1/jobs/job_missing"), 404);
        assertProblem(http.get("/v1/nothing-here"), 404);
    }

    @Test
    void resultsBeforeTheEndAreAConflict() throws Exception {
        var reply = http.get("/v1/jobs/" + acceptedJob + "/results");
        assertProblem(reply, 409);
    }

    @Test
    void acceptedJobIsUntouchedByRefusedSubmissions() throws Exception {
        submit("{broken");
        submit("{\"custom_id\":\"a\",\"input\":\"x\"}\n{\"custom_id\":\"a\",\"input\":\"y\"}\n");
        var status = http.get("/v1/jobs/" + acceptedJob);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("total").asInt()).isEqualTo(2);
        assertThat(status.json().get("queued").asInt()).isEqualTo(2);
    }

    @Test
    void openApiDocumentIsServed() throws Exception {
        var reply = http.get("/openapi.yaml");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("openapi: 3.1.0").contains("/v1/agent/lease").contains("/v1/jobs/{id}/results");
    }
}
