package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code bench-control-plane} at a tiny size on H2: both sides run and move real units. */
class ControlPlaneBenchSmokeTest {
    private static final Pattern UNITS = Pattern.compile("([\\d,]+) units/s");

    @Test
    void bothSidesCompleteUnits() {
        String out = run("--store", "h2", "--cars", "2", "--unit-size", "2", "--queued", "40", "--seconds", "1",
                "--warmup-seconds", "0", "--dimensions", "8");
        Matcher units = UNITS.matcher(out);
        assertThat(units.find()).as(out).isTrue();
        assertThat(Long.parseLong(units.group(1).replace(",", ""))).as("coordinator units/s").isPositive();
        assertThat(units.find()).as(out).isTrue();
        assertThat(Long.parseLong(units.group(1).replace(",", ""))).as("bare queue units/s").isPositive();
        assertThat(out).contains("coordinator / bare", "lease p50", "(0 errors");
    }

    @Test
    void batchedAndSingleUnitCallsBothCompleteUnitsAndCountStatements() {
        for (String[] calls : new String[][] {{"1"}, {"4"}, {"4", "--no-pipeline"}}) {
            String batch = calls[0];
            List<String> args = new java.util.ArrayList<>(List.of("--store", "h2", "--cars", "2", "--unit-size", "1",
                    "--queued", "40", "--seconds", "1", "--warmup-seconds", "0", "--dimensions", "8", "--batch", batch));
            args.addAll(List.of(calls).subList(1, calls.length));
            String out = run(args.toArray(String[]::new));
            Matcher units = UNITS.matcher(out);
            assertThat(units.find()).as(out).isTrue();
            assertThat(Long.parseLong(units.group(1).replace(",", ""))).as("coordinator units/s").isPositive();
            assertThat(out).contains("batch " + batch, "store statements per unit", "(0 errors");
        }
    }

    @Test
    void badOptionsAreRejectedNamingTheOption() {
        var command = new CommandLine(new ControlPlaneBenchCommand());
        var err = new java.io.StringWriter();
        command.setErr(new java.io.PrintWriter(err));
        int code = command.execute("--cars", "0");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("--cars");
    }

    private static String run(String... args) {
        PrintStream original = System.out;
        var captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(new ControlPlaneBenchCommand()).execute(args)).isZero();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
