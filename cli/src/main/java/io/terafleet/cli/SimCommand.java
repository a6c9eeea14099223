package io.terafleet.cli;

import io.terafleet.sim.fleet.FleetResult;
import io.terafleet.sim.fleet.FleetSimulator;
import io.terafleet.sim.fleet.ReportWriter;
import io.terafleet.sim.fleet.Scenario;
import io.terafleet.sim.fleet.ScenarioIo;
import io.terafleet.sim.study.ScenarioMatrix;
import io.terafleet.sim.study.Sensitivity;
import io.terafleet.sim.study.StudyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    @Option(names = "--scenario", description = "scenario JSON (values it leaves out keep the default), or a built-in "
            + "one: us (default), europe, ai5")
    String scenarioFile;

    @Option(names = "--season", description = "summer (a week from Monday 2025-07-07) or winter (from 2025-01-13); "
            + "default: the scenario's start date")
    String season;

    @Option(names = "--start-date", description = "first simulated day, e.g. 2025-03-03 (overrides --season)")
    String startDate;

    @Option(names = "--workload", description = "embeddings or generation (default: the scenario's)")
    String workload;

    @Option(names = "--sensitivity", description = "add a sensitivity study to the report: opt-in, hardware, plug-in "
            + "habit, policy mix and price, each low and high, on --sample-cars cars standing for --cars")
    boolean sensitivity;

    @Option(names = "--matrix", description = "instead of one run: US and Europe x summer and winter x embeddings "
            + "and generation, on --sample-cars cars standing for --cars; writes matrix.md")
    boolean matrix;

    @Option(names = "--represent", description = "fleet size a --sensitivity study's samples stand for (default: "
            + "--cars)")
    Long represent;

    @Option(names = "--sample-cars", defaultValue = "20000", description = "cars per study run (default ${DEFAULT-VALUE})")
    int sampleCars;

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
            scenario = scenario();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("scenario " + (scenarioFile == null ? "default" : scenarioFile) + ": "
                    + e.getMessage());
            return 2;
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (matrix) {
            return matrix(workers);
        }
        FleetResult result;
        try (ProgressBar bar = bar()) {
            result = FleetSimulator.run(scenario, cars, days, seed, (done, total, pass) -> {
                bar.maxHint(total);
                bar.stepTo(done);
                // A big fleet first plans demand on a sample of its cars (fewer than the fleet), then runs once.
                bar.setExtraMessage(total < cars ? " planning on a sample" : " pass " + pass);
            }, workers);
        }
        String extraHtml = "";
        Object study = null;
        if (sensitivity) {
            Sensitivity.Study s = Sensitivity.run(scenario, Math.min(sampleCars, cars),
                    represent == null ? cars : represent, days, seed, workers);
            extraHtml = StudyReport.html(s);
            study = Map.of("hundredGw", s.hundredGw(), "base", Map.of("capacityGw", s.base().eligibleGw(),
                    "meanGw", s.base().meanGw(), "ownerMeanNet", s.base().ownerMeanNet()), "factors",
                    s.outcomes().stream().map(o -> Map.of("factor", o.factor().name(), "low", o.factor().low(),
                    "high", o.factor().high(), "lowCapacityGw", o.low().eligibleGw(),
                    "highCapacityGw", o.high().eligibleGw(), "lowMeanGw", o.low().meanGw(),
                    "highMeanGw", o.high().meanGw(), "lowOwnerMeanNet", o.low().ownerMeanNet(),
                    "highOwnerMeanNet", o.high().ownerMeanNet())).toList());
        }
        ReportWriter.write(result, scenario, out, extraHtml, study);
        var t = result.totals();
        var e = result.earnings();
        spec.commandLine().getOut().printf(Locale.ROOT,
                "%,d cars x %d day(s) in %.1f s: mean %.4f GW, peak %.4f GW, %.4g %ss, %.3f J/%s, "
                        + "goodput %.4f, %,d preemptions; owners' monthly net median %.2f (p5 %.2f, p95 %.2f)%n"
                        + "price %.3g per 1,000 (%.0f%% of demand served); heat held %,.0f car-hours; "
                        + "coordinator tier: peak %,.1f leases/s, %,.1f heartbeats/s, %,.0f result bytes/s, %,d cell(s)"
                        + " (bound by %s)%nwrote %s%n", result.cars(), result.days(), result.wallSeconds(),
                t.meanComputeGw(), t.peakComputeGw(), t.inferences(), result.pricing().item(),
                t.joulesPerInference(), result.pricing().item(), t.goodput(), t.preemptions(), e.p50(), e.p5(),
                e.p95(), result.pricing().fleetPricePerThousand(), 100 * result.pricing().servedShare(),
                t.heatBlockedCarHours(), result.tier().peakLeasesPerSecond(),
                result.tier().peakHeartbeatsPerSecond(), result.tier().peakResultBytesPerSecond(),
                result.tier().cellsNeeded(), result.tier().binding(), out.resolve("report.html"));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private Scenario scenario() throws java.io.IOException {
        Scenario s;
        if (scenarioFile == null) {
            s = ScenarioIo.defaults();
        } else if (ScenarioIo.PRESETS.contains(scenarioFile) && !Files.exists(Path.of(scenarioFile))) {
            s = ScenarioIo.preset(scenarioFile);
        } else {
            s = ScenarioIo.load(Path.of(scenarioFile));
        }
        if (season != null) {
            s = switch (season) {
                case "summer" -> s.withStartDate(ScenarioMatrix.SUMMER);
                case "winter" -> s.withStartDate(ScenarioMatrix.WINTER);
                default -> throw new IllegalArgumentException("season: must be summer or winter, was " + season);
            };
        }
        if (startDate != null) {
            s = s.withStartDate(startDate);
        }
        return workload == null ? s : s.withWorkload(workload);
    }

    private int matrix(int workers) throws java.io.IOException {
        var rows = ScenarioMatrix.run(List.of("us", "europe"), Math.min(sampleCars, cars), cars, days, seed, workers);
        String md = ScenarioMatrix.markdown(rows);
        Files.createDirectories(out);
        Files.writeString(out.resolve("matrix.md"), md);
        spec.commandLine().getOut().print(md);
        spec.commandLine().getOut().printf(Locale.ROOT, "(%,d cars standing for %,d, %d day(s), seed %d)%nwrote %s%n",
                Math.min(sampleCars, cars), cars, days, seed, out.resolve("matrix.md"));
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
