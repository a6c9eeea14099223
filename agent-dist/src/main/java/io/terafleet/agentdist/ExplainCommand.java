package io.terafleet.agentdist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.terafleet.agent.policy.OwnerPolicyFile;
import io.terafleet.agent.signals.TimelineFile;
import io.terafleet.core.energy.ComputeHardware;
import io.terafleet.core.energy.PowerModel;
import io.terafleet.core.policy.OwnerPolicy;
import io.terafleet.core.policy.PolicyEvaluator;
import io.terafleet.core.policy.UsageSoFar;
import io.terafleet.core.vehicle.Eligibility;
import io.terafleet.core.vehicle.VehicleState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code terafleet agent explain}: what the owner policy says about a car state, with every reason that applies.
 * Exit code 0 eligible, 1 not eligible, 2 bad input (the message names the file and the field).
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Print whether the policy lets the car compute in the given state, and every reason why not.")
public final class ExplainCommand implements Callable<Integer> {
    static final int ELIGIBLE = 0;
    static final int NOT_ELIGIBLE = 1;
    static final int BAD_INPUT = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--policy", required = true, description = "Owner policy JSON file")
    Path policyFile;

    @Option(names = "--signals", required = true, description = "A JSON object of VSS path -> value, or a "
            + "JSON-lines timeline script (then the state at --at)")
    Path signalsFile;

    @Option(names = "--at", description = "ISO-8601 time of the decision (default: now); required for a timeline")
    String at;

    @Option(names = "--hardware", defaultValue = "HW3", description = "Hardware class (default: ${DEFAULT-VALUE})")
    String hardware;

    @Option(names = "--energy-today-kwh", defaultValue = "0",
            description = "Compute energy already used today, for the daily budget (default: ${DEFAULT-VALUE})")
    double energyTodayKwh;

    PrintStream out = System.out;
    PrintStream err = System.err;
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        try {
            Instant when = at == null ? clock.instant() : parseAt(at);
            OwnerPolicy policy = loadPolicy();
            VehicleState state = readState(when);
            ComputeHardware computer = PowerModel.defaults().hardware(hardware).orElseThrow(() ->
                    new IllegalArgumentException("--hardware: must be one of "
                            + PowerModel.defaults().all().keySet() + ", was " + hardware));
            var usage = new UsageSoFar(energyTodayKwh, 0);
            return print(new PolicyEvaluator(computer).explain(state, policy, usage, when));
        } catch (IOException e) {
            err.println("cannot read " + e.getMessage());
            return BAD_INPUT;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return BAD_INPUT;
        }
    }

    /** Errors name the file: the policy file's own errors do, the record's validation errors get it here. */
    private OwnerPolicy loadPolicy() throws IOException {
        try {
            return OwnerPolicyFile.load(policyFile);
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            throw message.startsWith(policyFile.toString()) ? e
                    : new IllegalArgumentException(policyFile + ": " + message, e);
        }
    }

    private int print(List<Eligibility.NotEligible> reasons) {
        if (reasons.isEmpty()) {
            out.println("eligible");
            return ELIGIBLE;
        }
        out.println("not eligible");
        reasons.forEach(why -> out.println(why.reason() + ": " + why.detail()));
        return NOT_ELIGIBLE;
    }

    private static Instant parseAt(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--at: not an ISO-8601 instant such as 2026-11-21T22:00:00Z: " + text);
        }
    }

    /** A timeline (lines with "t") is read at {@code when}; a plain object is the state at {@code when}. */
    private VehicleState readState(Instant when) throws IOException {
        List<String> lines = Files.readAllLines(signalsFile, StandardCharsets.UTF_8);
        JsonNode first = firstJson(lines);
        if (first != null && first.has("t")) {
            if (at == null) {
                throw new IllegalArgumentException("--at: required with a timeline file (" + signalsFile + ")");
            }
            return TimelineFile.read(signalsFile, when).stateAt(when);
        }
        JsonNode whole = parse(String.join("\n", lines));
        if (whole == null || !whole.isObject()) {
            throw new IllegalArgumentException(signalsFile + ": must be a JSON object of VSS path -> value");
        }
        ObjectNode line = JSON.createObjectNode().put("t", when.toString());
        line.set("signals", whole);
        try {
            return TimelineFile.parse(List.of(JSON.writeValueAsString(line)), when).stateAt(when);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(signalsFile + ": " + e.getMessage().replaceFirst("^line 1: ", ""), e);
        }
    }

    private JsonNode firstJson(List<String> lines) {
        for (String line : lines) {
            if (!line.isBlank()) {
                try {
                    return JSON.readTree(line);
                } catch (IOException e) {
                    return null; // not one object per line: read the file as one object
                }
            }
        }
        return null;
    }

    private JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(signalsFile + ": not valid JSON: " + e.getMessage());
        }
    }
}
