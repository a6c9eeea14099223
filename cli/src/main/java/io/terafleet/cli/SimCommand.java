package io.terafleet.cli;

import io.terafleet.sim.fleet.FleetResult;
import io.terafleet.sim.fleet.FleetSimulator;
import io.terafleet.sim.fleet.ReportWriter;
import io.terafleet.sim.fleet.Scenario;
import io.terafleet.sim.fleet.ScenarioIo;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code terafleet sim}: how much inference a whole fleet delivers, by hour and region. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Simulate a fleet's inference capacity by hour and region; writes report.html, summary.json "
                + "and hourly.csv. For 100M cars give the JVM a large heap: TERAFLEET_JAVA_OPTS=-Xmx14g.")
public final class SimCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--cars", defaultValue = "100000", description = "cars in the fleet (default ${DEFAULT-VALUE})")
    int cars;

    @Option(names = "--days", defaultValue = "1", description = "days to simulate (default ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--seed", defaultValue = "1", description = "random seed; same seed, same result")
    long seed;

    @Option(names = "--scenario", description = "scenario JSON; values it leaves out keep the default")
    Path scenarioFile;

    @Option(names = "--out", defaultValue = "sim-out", description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--threads", description = "worker threads (default: all cores)")
    Integer threads;

    @Option(names = "--print-default-scenario", description = "print the default scenario and exit")
    boolean printDefault;

    @Override
    public Integer call() throws Exception {
        if (printDefault) {
            spec.commandLine().getOut().print(ScenarioIo.defaultText());
            spec.commandLine().getOut().flush();
            return 0;
        }
        Scenario scenario;
        try {
            scenario = scenarioFile == null ? ScenarioIo.defaults() : ScenarioIo.load(scenarioFile);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("scenario " + (scenarioFile == null ? "default" : scenarioFile) + ": "
                    + e.getMessage());
            return 2;
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        FleetResult result;
        try (ProgressBar bar = bar()) {
            result = FleetSimulator.run(scenario, cars, days, seed, (done, total, pass) -> {
                bar.maxHint(total);
                bar.stepTo(done);
                bar.setExtraMessage(" pass " + pass);
            }, workers);
        }
        ReportWriter.write(result, scenario, out);
        var t = result.totals();
        var e = result.earnings();
        spec.commandLine().getOut().printf(Locale.ROOT,
                "%,d cars x %d day(s) in %.1f s: mean %.4f GW, peak %.4f GW, %.4g inferences, %.3f J/inference, "
                        + "goodput %.4f, %,d preemptions; owners' monthly net median %.2f (p5 %.2f, p95 %.2f)%n"
                        + "wrote %s%n", result.cars(), result.days(), result.wallSeconds(), t.meanComputeGw(),
                t.peakComputeGw(), t.inferences(), t.joulesPerInference(), t.goodput(), t.preemptions(), e.p50(),
                e.p5(), e.p95(), out.resolve("report.html"));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** A live bar on a terminal, plain lines every few seconds otherwise (logs stay readable). */
    private ProgressBar bar() {
        boolean terminal = System.console() != null;
        return new ProgressBarBuilder().setTaskName("sim").setInitialMax(cars).setUnit(" cars", 1).showSpeed()
                .setUpdateIntervalMillis(terminal ? 200 : 5_000)
                .setConsumer(terminal ? new ConsoleProgressBarConsumer(System.err)
                        : new DelegatingProgressBarConsumer(System.err::println, 160))
                .setStyle(terminal ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII).build();
    }
}
