package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.terafleet.agent.Agent;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.core.api.JobStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent on small units hands its results back through {@code complete-batch}: several completions per call,
 * the next lease asked for in the same call, never one {@code complete} per unit; the results are those of direct
 * inference.
 */
class BatchCompletionEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void aRealCarCompletesItsUnitsThroughTheBatchRoute() throws Exception {
        List<String> texts = SampleCorpus.take(60);
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of(FleetFixture.TOKEN))
                .withPort(0).withUnitSize(2);
        try (Coordinator coordinator = Coordinator.start(config, Clock.systemUTC());
             Agent car = FleetFixture.agent(coordinator.uri(), "batching-car")) {
            var jobs = new JobClient(coordinator.uri());
            JobStatus job = jobs.submit(FleetFixture.jsonl(texts), FleetFixture.MODEL);
            JobStatus done = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> jobs.status(job.id()), s -> s.finishedAt() != null);
            assertThat(done.completed()).isEqualTo(60);
            await().atMost(Duration.ofSeconds(30)).until(() -> car.stats().unitsCompleted(), n -> n == 30);

            String metrics = scrape(coordinator.uri());
            double batchCalls = counter(metrics, "terafleet_completion_calls_total", "complete-batch");
            double batched = counter(metrics, "terafleet_completions_by_route_total", "complete-batch");
            assertThat(counter(metrics, "terafleet_completion_calls_total", "complete")).as(metrics).isZero();
            assertThat(batched).as("every unit's completion came by the batch route").isEqualTo(30);
            assertThat(batchCalls).as("several completions per call once units are short").isLessThan(batched);
            // Several units per lease, and the leases after the first asked for in the completion calls.
            assertThat(counter(metrics, "terafleet_lease_requests_total", null)).isLessThan(30);

            Path results = dir.resolve("results.jsonl");
            jobs.downloadResults(job.id(), results);
            FleetFixture.assertMatchesDirect(FleetFixture.readResults(results), texts);
        }
    }

    private static String scrape(URI coordinator) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(coordinator.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sum of a counter's series, of those with {@code route} when given; 0 when it has none. */
    private static double counter(String metrics, String name, String route) {
        Matcher lines = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\}\\s+(\\S+)$").matcher(metrics);
        double sum = 0;
        while (lines.find()) {
            if (route == null || lines.group(1).contains("route=\"" + route + "\"")) {
                sum += Double.parseDouble(lines.group(2));
            }
        }
        return sum;
    }
}
