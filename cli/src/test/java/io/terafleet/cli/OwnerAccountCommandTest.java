package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code owner create}, {@code owner statement --key} and {@code owner revoke} against a secured coordinator. */
class OwnerAccountCommandTest {
    private static final String OPERATOR_KEY = "operator-key-for-owner-tests";

    @TempDir
    Path dir;

    @Test
    void anOwnerCreatedByTheOperatorReadsItsStatementUntilRevoked() {
        var database = DatabaseConfig.h2File(dir);
        try (var coordinator = Coordinator.start(CoordinatorConfig.defaults(database, List.of()).withPort(0),
                CloudConfig.secured(database, List.of(OPERATOR_KEY)), Clock.systemUTC())) {
            String url = coordinator.uri().toString();
            var created = CliRun.of("owner", "create", "--owner", "olivia", "--name", "Olivia",
                    "--coordinator", url, "--operator-key", OPERATOR_KEY);
            assertThat(created.exitCode()).as(created.err()).isZero();
            Matcher key = Pattern.compile("owner key \\(shown once\\): (tfo-\\S+)").matcher(created.out());
            assertThat(key.find()).as(created.out()).isTrue();

            var statement = CliRun.of("owner", "statement", "--owner", "olivia", "--key", key.group(1),
                    "--coordinator", url);
            assertThat(statement.exitCode()).as(statement.err()).isZero();
            assertThat(statement.out()).startsWith("Statement for olivia");
            assertThat(CliRun.of("owner", "statement", "--owner", "oscar", "--key", key.group(1), "--coordinator", url)
                    .exitCode()).as("another owner's statement").isEqualTo(1);
            assertThat(CliRun.of("owner", "create", "--owner", "olivia", "--coordinator", url,
                    "--operator-key", OPERATOR_KEY).err()).contains("409");

            var revoked = CliRun.of("owner", "revoke", "--owner", "olivia", "--coordinator", url,
                    "--operator-key", OPERATOR_KEY);
            assertThat(revoked.out()).contains("owner olivia revoked");
            var refused = CliRun.of("owner", "statement", "--owner", "olivia", "--key", key.group(1),
                    "--coordinator", url);
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).startsWith("owner statement: ");
        }
    }
}
