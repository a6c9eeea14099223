package io.terafleet.sim.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Writes a result as {@code hourly.csv}, {@code summary.json} and a self-contained {@code report.html}. */
public final class ReportWriter {
    private ReportWriter() {
    }

    public static void write(FleetResult result, Scenario scenario, Path dir) throws IOException {
        write(result, scenario, dir, "", null);
    }

    /** Writes the report with {@code extraHtml} in it and {@code extraSummary} under "study" in the summary. */
    public static void write(FleetResult result, Scenario scenario, Path dir, String extraHtml, Object extraSummary)
            throws IOException {
        Files.createDirectories(dir);
        writeCsv(result, dir.resolve("hourly.csv"));
        Map<String, Object> summary = summary(result, scenario);
        if (extraSummary != null) {
            summary.put("study", extraSummary);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("summary.json").toFile(), summary);
        Files.writeString(dir.resolve("report.html"), HtmlReport.render(result, scenario, extraHtml),
                StandardCharsets.UTF_8);
    }

    static Map<String, Object> summary(FleetResult r, Scenario scenario) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", r.scenario());
        out.put("cars", r.cars());
        out.put("days", r.days());
        out.put("seed", r.seed());
        out.put("optInRate", scenario.optInRate());
        out.put("departureAwareSizing", scenario.units().departureAware());
        out.put("regions", r.regions());
        out.put("totals", r.totals());
        out.put("ownerMonthlyNetEarnings", r.earnings());
        out.put("startDate", scenario.startDate());
        out.put("workload", scenario.workload());
        out.put("pricing", r.pricing());
        var t = r.tier();
        Map<String, Object> tier = new LinkedHashMap<>();
        tier.put("peakConnectedCars", t.peakConnectedCars());
        tier.put("peakLeasesPerSecond", t.peakLeasesPerSecond());
        tier.put("peakHeartbeatsPerSecond", t.peakHeartbeatsPerSecond());
        tier.put("peakOnlineRequestsPerSecond", t.peakOnlineRequestsPerSecond());
        tier.put("peakRequestsPerSecond", t.peakRequestsPerSecond());
        tier.put("peakResultBytesPerSecond", t.peakResultBytesPerSecond());
        tier.put("cellsNeeded", t.cellsNeeded());
        tier.put("boundBy", t.binding());
        out.put("coordinatorTier", tier);
        out.put("assumptions", Assumptions.of(scenario));
        out.put("passes", r.passes());
        out.put("wallSeconds", r.wallSeconds());
        return out;
    }

    private static void writeCsv(FleetResult r, Path file) throws IOException {
        var h = r.hourly();
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("hour_utc,region,cars_driving,cars_parked,cars_plugged,cars_eligible,cars_computing,compute_gw,"
                    + "inferences_per_s,energy_mwh,preemptions,wasted_compute_hours,battery_mwh,"
                    + "fleet_capacity_per_s,fleet_online_demand_per_s,fleet_served_per_s,cars_heat_held,"
                    + "fleet_leases_per_s,fleet_heartbeats_per_s,fleet_idle_polls_per_s,fleet_online_requests_per_s,"
                    + "fleet_result_bytes_per_s\n");
            var t = r.tier();
            for (int hour = 0; hour < h.hours(); hour++) {
                for (int reg = 0; reg < r.regions().size(); reg++) {
                    w.write(String.format(Locale.ROOT, "%d,%s,%.2f,%.2f,%.2f,%.2f,%.2f,%.6f,%.1f,%.4f,%.0f,%.4f,%.4f,"
                                    + "%.1f,%.1f,%.1f,%.2f,%.3f,%.3f,%.3f,%.3f,%.0f%n", hour, r.regions().get(reg), h.driving()[hour][reg],
                            h.parked()[hour][reg], h.plugged()[hour][reg], h.eligible()[hour][reg],
                            h.computing()[hour][reg], h.computeGw()[hour][reg], h.inferencesPerSecond()[hour][reg],
                            h.energyMwh()[hour][reg], h.preemptions()[hour][reg], h.wastedComputeHours()[hour][reg],
                            h.batteryMwh()[hour][reg], h.capacityPerSecond()[hour], h.onlinePerSecond()[hour],
                            h.servedPerSecond()[hour], h.heatBlocked()[hour][reg], t.leasesPerSecond()[hour],
                            t.heartbeatsPerSecond()[hour], t.idlePollsPerSecond()[hour],
                            t.onlineRequestsPerSecond()[hour], t.resultBytesPerSecond()[hour]));
                }
            }
        }
    }
}
