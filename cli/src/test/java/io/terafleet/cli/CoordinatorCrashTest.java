package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.terafleet.agent.Agent;
import io.terafleet.core.api.JobStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator runs as its own process and is killed with SIGKILL: once mid-job, and once
 * right after it answered a submission. Each time a restarted coordinator on the same store
 * finishes the job with every input answered exactly once.
 */
class CoordinatorCrashTest {
    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private int port;

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void sigkilledCoordinatorFinishesEveryJobAfterRestart() throws Exception {
        port = freePort();
        URI uri = URI.create("http://127.0.0.1:" + port);
        Process first = startCoordinator("first");
        List<String> texts = SampleCorpus.take(1200);
        List<String> secondTexts = SampleCorpus.all().subList(2000, 2300);
        try (Agent car1 = FleetFixture.agent(uri, "car-1"); Agent car2 = FleetFixture.agent(uri, "car-2")) {
            var client = new JobClient(uri);
            JobStatus job = client.submit(FleetFixture.jsonl(texts), FleetFixture.MODEL);
            await().atMost(Duration.ofMinutes(2)).until(() -> client.status(job.id()).completed() >= 150);
            kill(first);
            // Work done since the last status read may be lost with the process; stored results may not.
            Process second = startCoordinator("second");
            JobStatus done = awaitEnd(client, job.id());
            assertThat(done.completed()).isEqualTo(texts.size());
            assertThat(done.failed()).isZero();
            Path results = dir.resolve("results-1.jsonl");
            client.downloadResults(job.id(), results);
            FleetFixture.assertMatchesDirect(FleetFixture.readResults(results), texts);

            JobStatus acceptedThenKilled = client.submit(FleetFixture.jsonl(secondTexts), FleetFixture.MODEL);
            kill(second);
            startCoordinator("third");
            JobStatus secondDone = awaitEnd(client, acceptedThenKilled.id());
            assertThat(secondDone.total()).isEqualTo(secondTexts.size());
            assertThat(secondDone.completed()).isEqualTo(secondTexts.size());
            Path results2 = dir.resolve("results-2.jsonl");
            client.downloadResults(acceptedThenKilled.id(), results2);
            FleetFixture.assertMatchesDirect(FleetFixture.readResults(results2), secondTexts);
        }
    }

    /** The job's final status; on a timeout the failure says what the last status call answered and what each coordinator logged. */
    private JobStatus awaitEnd(JobClient client, String jobId) throws IOException {
        var last = new AtomicReference<Object>();
        try {
            return await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .until(() -> statusOrNull(client, jobId, last), s -> s != null && s.finishedAt() != null);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("job " + jobId + " did not end within 3 minutes; last status answer: "
                    + last.get() + "\n" + coordinatorLogs(), e);
        }
    }

    private static JobStatus statusOrNull(JobClient client, String jobId, AtomicReference<Object> last) {
        try {
            JobStatus status = client.status(jobId);
            last.set(status);
            return status;
        } catch (Exception e) {
            last.set(e);
            return null;
        }
    }

    private String coordinatorLogs() throws IOException {
        var text = new StringBuilder();
        try (var logs = Files.newDirectoryStream(dir, "coordinator-*.log")) {
            for (Path log : logs) {
                List<String> lines = Files.readAllLines(log);
                text.append("--- ").append(log.getFileName()).append(" (last 80 lines)\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size())))
                        .append('\n');
            }
        }
        return text.toString();
    }

    private Process startCoordinator(String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.terafleet.cli.Main", "coordinator", "--port", String.valueOf(port),
                "--data-dir", dir.resolve("store").toString(), "--enrollment-token", FleetFixture.TOKEN,
                "--lease-ttl", "PT5S", "--unit-size", "16", "--allow-anonymous");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("coordinator-" + name + ".log").toFile())
                .start();
        processes.add(process);
        var http = HttpClient.newHttpClient();
        var health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/health")).build();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return process;
    }

    private static void kill(Process process) throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flush
        process.waitFor();
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
