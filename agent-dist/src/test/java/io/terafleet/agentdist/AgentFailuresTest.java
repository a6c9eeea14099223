package io.terafleet.agentdist;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.agent.client.CoordinatorException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The car's jar fails as the full CLI does: one line saying what to do, exit 1 or 2, the trace only with --verbose. */
class AgentFailuresTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var command = AgentMain.command();
        command.setErr(new PrintWriter(err, true));
        command.setOut(new PrintWriter(new StringWriter(), true));
        return command.execute(args);
    }

    @Test
    void badUsageIsOneLineAndWhereHelpIsExitTwo() {
        int code = run("--coordinator", "http://127.0.0.1:1", "--token", "t", "--batch-size", "many");

        assertThat(code).isEqualTo(FailureHandlers.BAD_USAGE);
        assertThat(err.toString().lines()).hasSize(2).first().asString().startsWith("terafleet-agent: ")
                .contains("--batch-size");
        assertThat(err.toString()).contains("Try 'terafleet-agent --help'").doesNotContain("\tat ");
    }

    @Test
    void aMissingFileIsOneLineNamingItAndVerboseAddsTheTrace() {
        String missing = dir.resolve("policy.json").toString();

        int code = run("--coordinator", "http://127.0.0.1:1", "--token", "t", "--policy", missing);

        assertThat(code).isEqualTo(FailureHandlers.BAD_USAGE);
        assertThat(err.toString().strip()).isEqualTo("terafleet-agent: no such file: " + missing);

        err.getBuffer().setLength(0);
        assertThat(run("--coordinator", "http://127.0.0.1:1", "--token", "t", "--policy", missing, "--verbose"))
                .isEqualTo(FailureHandlers.BAD_USAGE);
        assertThat(err.toString()).contains("no such file").contains("\tat ");
    }

    @Test
    void coordinatorRefusalsAndTheUnforeseenAreToldWithWhatToDo() {
        var refused = AgentFailures.tell(new CoordinatorException("/v1/agent/enroll answered 401", 401, false, null));
        assertThat(refused.exitCode()).isEqualTo(FailureHandlers.FAILED);
        assertThat(refused.line()).contains("refused this car").contains("--token");

        var unreachable = AgentFailures.tell(new java.io.UncheckedIOException(new java.net.ConnectException("refused")));
        assertThat(unreachable.exitCode()).isEqualTo(FailureHandlers.FAILED);
        assertThat(unreachable.line()).contains("--coordinator");

        var unforeseen = AgentFailures.tell(new IllegalStateException("odd"));
        assertThat(unforeseen.expected()).isFalse();
        assertThat(unforeseen.exitCode()).isEqualTo(FailureHandlers.FAILED);
        assertThat(unforeseen.line()).contains("IllegalStateException: odd").contains("--verbose");
    }
}
