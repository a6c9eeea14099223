package io.terafleet.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tenant, priority and completion window on submission; the error file; the Prometheus endpoint. */
class JobOptionsAndMetricsTest {
    private static final String TOKEN = "enroll-token-for-options-tests";
    private static final String BODY = "{\"custom_id\":\"a\",\"input\":\"one\"}\n{\"custom_id\":\"b\",\"input\":\"two\"}\n";

    @TempDir
    static Path dir;
    static Coordinator coordinator;
    static HttpFixture http;

    @BeforeAll
    static void start() {
        coordinator = Coordinator.start(CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(TOKEN))
                .withPort(0), Clock.systemUTC());
        http = new HttpFixture(coordinator.uri());
    }

    @AfterAll
    static void stop() {
        coordinator.close();
    }

    @Test
    void aJobCarriesItsTenantPriorityAndWindow() throws Exception {
        var reply = http.post("/v1/jobs?model=all-minilm-l6-v2&tenant=acme&priority=online&completion_window=90m",
                "application/jsonl", BODY, null);
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().get("state").asText()).isEqualTo("in_progress");
        assertThat(reply.json().get("tenant").asText()).isEqualTo("acme");
        assertThat(reply.json().get("priority").asText()).isEqualTo("online");
        assertThat(reply.json().get("expiresAt").isNull()).isFalse();
    }

    @Test
    void badOptionsAreProblemsNamingTheField() throws Exception {
        for (String[] bad : new String[][] {{"priority=urgent", "priority"}, {"completion_window=soon",
                "completion_window"}, {"completion_window=999h", "completion_window"}, {"tenant=a%20b", "tenant"},
                {"replication=0", "replication"}, {"replication=two", "replication"}, {"adaptive=maybe", "adaptive"},
                {"adaptive=true", "adaptive"}}) {
            var reply = http.post("/v1/jobs?model=all-minilm-l6-v2&" + bad[0], "application/jsonl", BODY, null);
            assertThat(reply.status()).as(bad[0]).isEqualTo(400);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.json().get("field").asText()).as(bad[0]).isEqualTo(bad[1]);
        }
    }

    @Test
    void aReplicatedJobIsAccepted() throws Exception {
        var reply = http.post("/v1/jobs?model=all-minilm-l6-v2&replication=2&adaptive=true", "application/jsonl",
                BODY, null);
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().get("total").asInt()).isEqualTo(2);
    }

    @Test
    void theErrorFileIsServedOnceTheJobEndsAndListsOnlyFailures() throws Exception {
        var job = http.post("/v1/jobs?model=all-minilm-l6-v2", "application/jsonl", BODY, null).json().get("id")
                .asText();
        assertThat(http.get("/v1/jobs/" + job + "/errors").status()).isEqualTo(409);
        assertThat(http.post("/v1/jobs/" + job + "/cancel", "application/json", "", null).status()).isEqualTo(200);

        var errors = http.get("/v1/jobs/" + job + "/errors");
        assertThat(errors.status()).isEqualTo(200);
        assertThat(errors.body().lines().toList()).hasSize(2).allMatch(line -> line.contains("\"cancelled\""));
        assertThat(http.get("/v1/jobs/" + job + "/results").body().strip()).isEmpty();
    }

    @Test
    void metricsAreServedInThePrometheusFormat() throws Exception {
        String credential = http.post("/v1/agent/enroll", "application/json",
                "{\"enrollmentToken\":\"" + TOKEN + "\",\"carName\":\"m1\"" + TestCars.KEY_FIELD + "}", null)
                .json().get("credential").asText();
        http.post("/v1/agent/lease", "application/json", "{\"maxUnits\":1,\"waitMillis\":0}", credential);

        var metrics = http.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body()).contains("terafleet_lease_requests_total", "terafleet_queue_depth_units",
                "class=\"batch\"");
    }
}
