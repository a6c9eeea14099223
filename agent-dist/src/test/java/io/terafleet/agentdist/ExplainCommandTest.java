package io.terafleet.agentdist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code terafleet agent explain}: the decision, every reason, and exit codes 0 / 1 / 2. */
class ExplainCommandTest {
    private static final String PARKED = """
            {"Vehicle.Speed": 0, "Vehicle.Powertrain.Transmission.SelectedGear": 126,
             "Vehicle.Cabin.Seat.Row1.DriverSide.IsOccupied": false, "Vehicle.Cabin.Door.Row1.DriverSide.IsLocked": true,
             "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current": 80,
             "Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit": 80,
             "Vehicle.Powertrain.TractionBattery.Charging.IsChargingCableConnected": %s}
            """;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aParkedPluggedInOptedInCarIsEligible() throws IOException {
        int code = explain(file("policy.json", "{\"optedIn\": true}"), file("signals.json", PARKED.formatted(true)));

        assertThat(code).isEqualTo(ExplainCommand.ELIGIBLE);
        assertThat(out()).isEqualTo("eligible\n");
    }

    @Test
    void everyReasonThatAppliesIsListedWithItsDetail() throws IOException {
        int code = explain(file("policy.json", "{}"), file("signals.json", PARKED.formatted(false)));

        assertThat(code).isEqualTo(ExplainCommand.NOT_ELIGIBLE);
        assertThat(out().lines()).first().isEqualTo("not eligible");
        assertThat(out().lines().skip(1)).anyMatch(l -> l.startsWith("not_opted_in: "))
                .anyMatch(l -> l.startsWith("not_plugged_in: "));
    }

    @Test
    void aTimelineIsReadAtTheGivenTime() throws IOException {
        Path timeline = file("day.jsonl", """
                {"t": "2026-11-21T18:00:00Z", "signals": {"Vehicle.Speed": 0, "Vehicle.Powertrain.Transmission.SelectedGear": 126, "Vehicle.Cabin.Seat.Row1.DriverSide.IsOccupied": false, "Vehicle.Cabin.Door.Row1.DriverSide.IsLocked": true, "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current": 80, "Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit": 80, "Vehicle.Powertrain.TractionBattery.Charging.IsChargingCableConnected": true}}
                {"t": "2026-11-21T19:00:00Z", "signals": {"Vehicle.Speed": 30, "Vehicle.Powertrain.Transmission.SelectedGear": 127}}
                """);
        Path policy = file("policy.json", "{\"optedIn\": true}");

        assertThat(explain(policy, timeline, "--at", "2026-11-21T18:30:00Z")).isEqualTo(ExplainCommand.ELIGIBLE);
        assertThat(explain(policy, timeline, "--at", "2026-11-21T19:30:00Z")).isEqualTo(ExplainCommand.NOT_ELIGIBLE);
        assertThat(out()).contains("not_parked: ");
    }

    @Test
    void badInputExitsWithTwoAndNamesTheFileAndField() throws IOException {
        Path signals = file("signals.json", PARKED.formatted(true));
        Path badPolicy = file("bad-policy.json", "{\"optedIn\": true, \"minStateOfChargePercent\": 140}");

        assertThat(explain(badPolicy, signals)).isEqualTo(ExplainCommand.BAD_INPUT);
        assertThat(err()).contains("bad-policy.json").contains("minStateOfChargePercent");

        Path badSignals = file("bad-signals.json", "{\"Vehicle.Speed\": \"fast\"}");
        assertThat(explain(file("policy.json", "{}"), badSignals)).isEqualTo(ExplainCommand.BAD_INPUT);
        assertThat(err()).contains("bad-signals.json").contains("Vehicle.Speed");
    }

    private int explain(Path policy, Path signals, String... more) {
        var command = new ExplainCommand();
        command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        String[] args = new String[4 + more.length];
        args[0] = "--policy";
        args[1] = policy.toString();
        args[2] = "--signals";
        args[3] = signals.toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return new CommandLine(command).execute(args);
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
