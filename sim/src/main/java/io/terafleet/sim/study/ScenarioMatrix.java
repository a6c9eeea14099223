package io.terafleet.sim.study;

import io.terafleet.sim.fleet.FleetResult;
import io.terafleet.sim.fleet.Scenario;
import io.terafleet.sim.fleet.ScenarioIo;
import io.terafleet.sim.fleet.TierLoad;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every built-in region, season and workload side by side: capacity, owners' earnings, heat, and the coordinator
 * tier's load with the cells it needs, each on a sample standing for {@code representedCars}.
 */
public final class ScenarioMatrix {
    /** Mondays, so a 7-day run has five weekdays then a weekend. */
    public static final String SUMMER = "2025-07-07";
    public static final String WINTER = "2025-01-13";

    public record Row(String scenario, String season, String workload, SampleRun run) {
    }

    private ScenarioMatrix() {
    }

    public static List<Row> run(List<String> presets, int sampleCars, long representedCars, int days, long seed,
                                int threads) {
        List<Row> rows = new ArrayList<>();
        for (String preset : presets) {
            for (String season : List.of("summer", "winter")) {
                for (String workload : List.of(Scenario.EMBEDDINGS, Scenario.GENERATION)) {
                    Scenario s = ScenarioIo.preset(preset).withStartDate(season.equals("summer") ? SUMMER : WINTER)
                            .withWorkload(workload);
                    rows.add(new Row(preset, season, workload,
                            SampleRun.of(s, sampleCars, representedCars, days, seed, threads)));
                }
            }
        }
        return rows;
    }

    /** A Markdown table: one line per scenario, season and workload; loads at the represented fleet size. */
    public static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder("| scenario | season | workload | mean GW | peak GW | served share | "
                + "heat-held car-h | owners' net p50 / mean per month | peak leases/s | peak heartbeats/s | "
                + "peak online req/s | peak result MB/s | peak connected cars | cells | bound by |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            SampleRun r = row.run();
            FleetResult f = r.result();
            TierLoad t = f.tier();
            double k = r.scale();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f | %.1f%% | %.3g | %.2f / %.2f | "
                            + "%,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %,d | %s |%n", row.scenario(), row.season(),
                    row.workload(), r.meanGw(), r.peakGw(), 100 * f.pricing().servedShare(),
                    f.totals().heatBlockedCarHours() * k, r.ownerMedianNet(), r.ownerMeanNet(),
                    t.peakLeasesPerSecond() * k, t.peakHeartbeatsPerSecond() * k,
                    t.peakOnlineRequestsPerSecond() * k, t.peakResultBytesPerSecond() * k / 1e6,
                    t.peakConnectedCars() * k, r.cellsNeeded(), t.binding()));
        }
        return md.toString();
    }
}
