package io.terafleet.coordinator.jobs;

import static io.terafleet.coordinator.jobs.JobFixtures.MODEL;
import static io.terafleet.coordinator.jobs.JobFixtures.T0;
import static io.terafleet.coordinator.jobs.JobFixtures.bits;
import static io.terafleet.coordinator.jobs.JobFixtures.embedding;
import static io.terafleet.coordinator.jobs.JobFixtures.inputs;
import static io.terafleet.coordinator.jobs.JobFixtures.resultsFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.db.Database;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.coordinator.leasing.UnitRepository;
import io.terafleet.core.api.JobStatus;
import io.terafleet.core.api.LeasedUnit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** H2 is the default store: what a job creation commits must outlive the coordinator process. */
class JobDurabilityTest {
    @TempDir
    Path dir;

    @Test
    void aJobAndItsResultsSurviveClosingAndReopeningTheDatabase() {
        LeasedUnit unit;
        try (Database first = Database.open(DatabaseConfig.h2File(dir))) {
            new JobRepository(first).createJob("job-1", MODEL, inputs(100), 32, T0);
            var units = new UnitRepository(first);
            unit = units.lease("car-a", 1, Set.of(), T0, Duration.ofSeconds(30)).getFirst();
            units.complete(unit.leaseId(), "car-a", resultsFor(unit), T0);
        }

        try (Database reopened = Database.open(DatabaseConfig.h2File(dir))) {
            var jobs = new JobRepository(reopened);
            assertThat(jobs.status("job-1").orElseThrow())
                    .isEqualTo(new JobStatus("job-1", MODEL, "in_progress", 100, 68, 0, 32, 0, T0, null));
            List<String> rows = new ArrayList<>();
            jobs.streamResults("job-1", (index, customId, embedding, error) -> {
                rows.add(customId);
                if (index < 32) {
                    assertThat(bits(embedding)).isEqualTo(bits(embedding(index)));
                }
            });
            assertThat(rows).hasSize(100).startsWith("id-0").endsWith("id-99");
        }
    }

    /** SIGKILL: no shutdown hook, no close; only what reached the file before commit returned is left. */
    @Test
    void aCreatedJobSurvivesAKillOfTheCoordinatorProcess() throws Exception {
        Process coordinator = startCoordinatorThatCreates("job-k", 5_000);
        try {
            awaitLine(coordinator, CreateJobThenWait.CREATED);
        } finally {
            coordinator.destroyForcibly();
            assertThat(coordinator.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        try (Database reopened = Database.open(DatabaseConfig.h2File(dir))) {
            var jobs = new JobRepository(reopened);
            assertThat(jobs.status("job-k").orElseThrow().queued()).isEqualTo(5_000);
            List<String> ids = new ArrayList<>();
            jobs.streamResults("job-k", (index, customId, embedding, error) -> ids.add(customId));
            assertThat(ids).hasSize(5_000).startsWith("id-0").endsWith("id-4999");
            List<LeasedUnit> leased = new UnitRepository(reopened)
                    .lease("car-a", 1_000, Set.of(), T0, Duration.ofSeconds(30));
            assertThat(leased).hasSize(157);
            assertThat(leased.getLast().inputs().getLast().text()).isEqualTo("text number 4999");
        }
    }

    private Process startCoordinatorThatCreates(String jobId, int inputs) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Under surefire java.class.path may be a manifest-only jar; its test class path is the full one.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(java, "-cp", classPath, CreateJobThenWait.class.getName(), dir.toString(), jobId,
                String.valueOf(inputs))
                .redirectErrorStream(true)
                .start();
    }

    private static void awaitLine(Process process, String expected) throws IOException {
        var output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = output.readLine()) != null) {
            if (line.equals(expected)) {
                return;
            }
            seen.add(line);
        }
        throw new AssertionError("the coordinator process ended without printing " + expected + ": " + seen);
    }
}
