package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expected failures read as one line with what to do next, exit 1 (failed) or 2 (bad usage), no stack trace. */
class FailureMessagesTest {
    private static final String OPERATOR_KEY = "op-failure-messages-test-key";
    @TempDir
    static Path dir;
    private static Coordinator secured;

    @BeforeAll
    static void start() {
        var database = DatabaseConfig.h2File(dir.resolve("store"));
        secured = Coordinator.start(CoordinatorConfig.defaults(database, List.of("token-for-failure-tests")).withPort(0),
                CloudConfig.secured(database, List.of(OPERATOR_KEY)), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        secured.close();
    }

    private static Path inputs() throws Exception {
        Path file = dir.resolve("inputs.jsonl");
        Files.writeString(file, "{\"custom_id\": \"q1\", \"input\": \"a parked car\"}\n");
        return file;
    }

    @Test
    void anUnreachableCoordinatorIsOneLineSayingWhatToDo() throws Exception {
        var run = CliRun.of("submit", inputs().toString(), "--coordinator", "http://127.0.0.1:1");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("terafleet submit: cannot reach the coordinator at http://127.0.0.1:1")
                .contains("connection refused").contains("--coordinator").doesNotContain("\n");
        assertThat(run.hasNoStackTrace()).as(run.toString()).isTrue();
    }

    @Test
    void verboseAddsTheStackTrace() throws Exception {
        var run = CliRun.of("submit", inputs().toString(), "--coordinator", "http://127.0.0.1:1", "--verbose");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot reach the coordinator").contains("\tat io.terafleet.cli.");
    }

    @Test
    void aRefusedCredentialSaysWhichKeyToPass() throws Exception {
        var run = CliRun.of("submit", inputs().toString(), "--coordinator", secured.uri().toString(),
                "--api-key", "sk-tf-not-a-key-anyone-has");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("refused the credential").contains("--api-key");
        assertThat(run.hasNoStackTrace()).as(run.toString()).isTrue();
    }

    @Test
    void aWrongOperatorKeyIsOneLine() {
        var run = CliRun.of("tenant", "--coordinator", secured.uri().toString(), "--operator-key",
                "op-not-the-operator-key-0000", "--name", "acme");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).startsWith("terafleet tenant: the coordinator refused the credential")
                .contains("--operator-key");
        assertThat(run.hasNoStackTrace()).as(run.toString()).isTrue();
    }

    @Test
    void aBadFileIsBadUsage() throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "this is not json\n");
        var run = CliRun.of("submit", bad.toString(), "--coordinator", secured.uri().toString(),
                "--api-key", "sk-tf-not-a-key-anyone-has");
        assertThat(run.exitCode()).isIn(1, 2);
        var missing = CliRun.of("submit", dir.resolve("missing.jsonl").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file").contains("missing.jsonl");
        var policy = CliRun.of("agent", "explain", "--policy", bad.toString(), "--signals", bad.toString());
        assertThat(policy.exitCode()).as(policy.toString()).isEqualTo(2);
        assertThat(policy.hasNoStackTrace()).as(policy.toString()).isTrue();
    }

    @Test
    void badUsageNamesTheProblemAndWhereHelpIs() {
        var unknown = CliRun.of("sumbit");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("sumbit").contains("Did you mean").contains("submit");
        var badValue = CliRun.of("sim", "--cars", "many");
        assertThat(badValue.exitCode()).isEqualTo(2);
        assertThat(badValue.err()).contains("--cars").contains("terafleet sim --help");
        assertThat(badValue.hasNoStackTrace()).isTrue();
    }

    @Test
    void anUnexpectedFailureIsNamedAndPointsAtVerbose() {
        var told = Failures.tell(new IllegalStateException("the moon is square"));
        assertThat(told.exitCode()).isEqualTo(1);
        assertThat(told.line()).contains("the moon is square").contains("--verbose");
        assertThat(told.expected()).isFalse();
    }

    @Test
    void refusalsAreToldByStatus() {
        assertThat(Failures.tell(new JobClient.RequestFailed(429,
                "{\"title\":\"Too many requests\",\"detail\":\"rate limit of 1 requests/s reached\"}",
                java.time.Duration.ofSeconds(3))).line())
                .isEqualTo("rate limit or quota reached (rate limit of 1 requests/s reached); try again in 3 s");
        assertThat(Failures.tell(new JobClient.RequestFailed(400, "{\"detail\":\"line 2: input is missing\"}")))
                .isEqualTo(new Failures.Told("the coordinator refused the request (HTTP 400): line 2: input is missing",
                        2, true));
        assertThat(Failures.tell(new JobClient.RequestFailed(500, "<html>boom</html>")).exitCode()).isEqualTo(1);
        assertThat(Failures.tell(new JobClient.RequestFailed(403,
                "{\"error\":{\"message\":\"operators only\"}}")).line()).contains("operators only");
    }

    @Test
    void versionNamesTheVersionAndTheCommit() {
        var run = CliRun.of("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).containsPattern("terafleet \\d+\\.\\d+\\.\\d+\\S* \\(commit ([0-9a-f]{7,}(-dirty)?|unknown)\\)");
    }
}
