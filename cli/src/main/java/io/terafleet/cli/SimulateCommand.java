package io.terafleet.cli;

import io.terafleet.sim.harness.Adversity;
import io.terafleet.sim.harness.Goodput;
import io.terafleet.sim.harness.HarnessConfig;
import io.terafleet.sim.harness.SimReport;
import io.terafleet.sim.harness.SimulationSweep;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code terafleet simulate}: the deterministic simulation of the coordinator's real logic with simulated cars on
 * a virtual clock. {@code faults} checks the invariants under every seeded fault; {@code churn} measures goodput
 * with 30% of cars leaving mid-unit, with departure-aware unit sizing on or off.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run seeded deterministic simulations of the coordinator with simulated cars and faults.")
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--seeds", defaultValue = "200", description = "How many seeds (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--from", defaultValue = "1", description = "First seed; a failing seed replays with"
            + " --from SEED --seeds 1 (default: ${DEFAULT-VALUE})")
    long from;

    @Option(names = "--scenario", defaultValue = "faults", description = "faults, churn or lying"
            + " (default: ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--liars", defaultValue = "0.10", description = "With --scenario lying (no other faults): share"
            + " of cars that lie, half alone, half colluding (default: ${DEFAULT-VALUE})")
    double liars;

    @Option(names = "--verification", defaultValue = "on", description = "With --scenario lying: on (2 replicas,"
            + " adaptive, canaries) or off (results accepted as they come) (default: ${DEFAULT-VALUE})")
    String verification;

    @Option(names = "--sizing", defaultValue = "on", description = "Departure-aware unit sizing: on or off"
            + " (default: ${DEFAULT-VALUE})")
    String sizing;

    @Option(names = "--threads", defaultValue = "2", description = "Seeds run in parallel (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--verbose", description = "Print every seed's summary, not only failures")
    boolean verbose;

    @Override
    public Integer call() {
        if (!sizing.equals("on") && !sizing.equals("off")) {
            System.err.println("simulate: --sizing must be on or off, was " + sizing);
            return 2;
        }
        boolean sized = sizing.equals("on");
        HarnessConfig config = switch (scenario) {
            case "faults" -> HarnessConfig.FAULTY;
            case "churn" -> HarnessConfig.churn(sized);
            case "lying" -> HarnessConfig.CALM;
            default -> null;
        };
        if (config == null) {
            System.err.println("simulate: --scenario must be faults, churn or lying, was " + scenario);
            return 2;
        }
        if (!verification.equals("on") && !verification.equals("off")) {
            System.err.println("simulate: --verification must be on or off, was " + verification);
            return 2;
        }
        if (!(liars >= 0 && liars <= 1)) {
            System.err.println("simulate: --liars must be within 0..1, was " + liars);
            return 2;
        }
        Adversity adversity = !scenario.equals("lying") ? Adversity.NONE
                : verification.equals("off") ? new Adversity(liars / 2, liars / 2, 0, 1, false, 0)
                : Adversity.lying(liars);
        if (scenario.equals("faults")) {
            config = config.withDepartureAware(sized);
        }
        long start = System.nanoTime();
        int[] done = {0};
        List<SimReport> reports = SimulationSweep.run(from, seeds, config, adversity, threads, report -> {
            done[0]++;
            if (verbose || !report.passed()) {
                System.out.println(report.summary());
            } else if (done[0] % 50 == 0) {
                System.out.println(done[0] + "/" + seeds + " seeds done");
            }
        });
        long failed = reports.stream().filter(r -> !r.passed()).count();
        if (scenario.equals("lying")) {
            long computed = reports.stream().mapToLong(SimReport::inputsComputed).sum();
            long results = reports.stream().mapToLong(SimReport::results).sum();
            System.out.printf("verification: %d inputs computed for %d results (%.1f%% extra compute); %d errors"
                            + " caught; %d of %d lying cars quarantined; wrong final results: %d%n", computed,
                    results, computed == 0 ? 0 : 100.0 * (computed - results) / computed,
                    reports.stream().mapToLong(r -> r.verification().errorsCaught()).sum(),
                    reports.stream().mapToInt(r -> r.verification().liarsQuarantined()).sum(),
                    reports.stream().mapToInt(r -> r.verification().liars()).sum(),
                    reports.stream().filter(r -> r.violations().stream().anyMatch(v -> v.startsWith("I5"))).count());
        }
        System.out.printf("%d seed(s) from %d, scenario %s, sizing %s: %d passed, %d failed; goodput %.1f%%;"
                        + " %.1f s%n", seeds, from, scenario, sizing, seeds - failed, failed,
                100 * Goodput.of(reports), (System.nanoTime() - start) / 1e9);
        return failed == 0 ? 0 : 1;
    }
}
