package io.terafleet.cli;

import io.terafleet.agent.work.AgentStats;
import io.terafleet.core.api.JobStatus;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** The demo's closing report. */
record DemoSummary(JobStatus job, double seconds, List<CarStats> cars, Path results) {
    record CarStats(String name, AgentStats stats) {
    }

    void print(PrintStream out) {
        out.println();
        out.println("== Terafleet demo summary ==");
        out.printf("job             %s (%s)%n", job.id(), job.state().toLowerCase());
        out.printf("inputs          %d (completed %d, failed %d)%n", job.total(), job.completed(), job.failed());
        out.printf("wall time       %.2f s (submit to last result)%n", seconds);
        out.printf("throughput      %.0f sentences/s through the fleet%n", job.completed() / seconds);
        out.println("per car         units  inputs  compute s  released  lost");
        for (CarStats car : cars) {
            AgentStats s = car.stats();
            out.printf("  %-12s  %5d  %6d  %9.2f  %8d  %4d%n", car.name(), s.unitsCompleted(), s.inputsCompleted(),
                    s.computeNanos() / 1e9, s.unitsReleased(), s.unitsLost());
        }
        out.printf("results         %s%n", results);
    }
}
