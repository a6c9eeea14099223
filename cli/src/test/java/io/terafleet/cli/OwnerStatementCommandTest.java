package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.coordinator.Coordinator;
import io.terafleet.coordinator.CoordinatorConfig;
import io.terafleet.coordinator.db.DatabaseConfig;
import io.terafleet.core.ledger.Account;
import io.terafleet.core.ledger.VerifiedUnit;
import io.terafleet.core.ledger.VerifiedWork;
import io.terafleet.core.time.SettableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code terafleet owner statement} against a real coordinator: a table per day, totals, errors by field. */
class OwnerStatementCommandTest {
    private static final Instant DAY_ONE = Instant.parse("2030-06-01T09:00:00Z");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsOneLinePerDayAndTheTotal() {
        var config = CoordinatorConfig.defaults(DatabaseConfig.h2File(dir), List.of()).withPort(0);
        try (Coordinator coordinator = Coordinator.start(config, new SettableClock(DAY_ONE.plusSeconds(86_400)))) {
            settle(coordinator, "u1", 1000, DAY_ONE);
            settle(coordinator, "u2", 2000, DAY_ONE.plusSeconds(86_400));

            int code = run(coordinator, "--owner", "alice", "--from", "2030-06-01", "--to", "2030-06-07");

            assertThat(code).isZero();
            List<String> lines = text(out).lines().toList();
            assertThat(lines.getFirst()).isEqualTo("Statement for alice, 2030-06-01 to 2030-06-07 (UTC days)");
            assertThat(lines.get(1)).startsWith("date").contains("energy kWh").contains("net");
            assertThat(lines.get(2)).startsWith("2030-06-01 EUR       1      1000").contains("0.014000");
            assertThat(lines.get(3)).startsWith("2030-06-02 EUR       1      2000").contains("0.028000");
            assertThat(lines.get(4)).startsWith("total      EUR       2      3000").endsWith("0.042000");
            assertThat(lines.get(5)).isEqualTo("unpaid balance: 0.042600 EUR");

            out.reset();
            assertThat(run(coordinator, "--owner", "alice")).isZero();
            assertThat(text(out)).startsWith("Statement for alice, 2030-05-04 to 2030-06-02");

            assertThat(run(coordinator, "--owner", "alice", "--from", "2030-06-09", "--to", "2030-06-01")).isEqualTo(1);
            assertThat(text(err)).startsWith("owner statement: from:");
        }
    }

    @Test
    void anUnreachableCoordinatorIsReported() {
        var command = new OwnerStatementCommand();
        command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = new CommandLine(command).execute("--owner", "alice", "--coordinator", "http://127.0.0.1:1");
        assertThat(code).isEqualTo(1);
        assertThat(text(err)).startsWith("owner statement: cannot reach the coordinator");
    }

    private static void settle(Coordinator coordinator, String unit, long inputs, Instant at) {
        var work = new VerifiedWork("lease-" + unit, "car-1", "alice", 1_000, 300_000);
        coordinator.ledger().settle(new VerifiedUnit(unit, "job-1", Account.customer("acme"), "all-minilm-l6-v2",
                inputs, List.of(work), at)).posted().orElseThrow();
    }

    private int run(Coordinator coordinator, String... args) {
        var command = new OwnerStatementCommand();
        command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--coordinator";
        all[args.length + 1] = coordinator.uri().toString();
        return new CommandLine(command).execute(all);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
