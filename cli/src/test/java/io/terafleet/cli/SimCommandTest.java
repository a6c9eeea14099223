package io.terafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimCommandTest {
    @Test
    void aSmallRunWritesTheReportTheSummaryAndTheHourlyTable(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        int code = Main.run("sim", "--cars", "3000", "--days", "1", "--seed", "5", "--out", out.toString());
        assertThat(code).isZero();
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("data:image/png;base64,").contains("NHTS 2017");
        var summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("cars").asLong()).isEqualTo(3000);
        assertThat(summary.at("/totals/computeSeconds").asDouble()).isPositive();
        assertThat(summary.at("/ownerMonthlyNetEarnings/p50").isNumber()).isTrue();
        var lines = Files.readAllLines(out.resolve("hourly.csv"));
        assertThat(lines.getFirst()).startsWith("hour_utc,region,cars_driving,cars_parked");
        assertThat(lines).hasSize(1 + 24 * summary.get("regions").size());
        assertThat(summary.at("/coordinatorTier/cellsNeeded").asLong()).isPositive();
        assertThat(summary.at("/pricing/fleetPricePerThousand").asDouble()).isPositive();
        assertThat(html).contains("Coordinator tier").contains("Break-even").contains("[guess]");
    }

    @Test
    void aSensitivityStudyAddsItsChartsAndTheHundredGigawattAnswer(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        int code = Main.run("sim", "--cars", "2000", "--days", "1", "--sensitivity", "--sample-cars", "1500",
                "--scenario", "europe", "--season", "winter", "--out", out.toString());
        assertThat(code).isZero();
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("Sensitivity").contains("100 million cars").contains("Berlin");
        var summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.at("/study/factors").size()).isEqualTo(5);
        assertThat(summary.get("startDate").asText()).isEqualTo("2025-01-13");
    }

    @Test
    void theMatrixCoversBothRegionsSeasonsAndWorkloads(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        int code = Main.run("sim", "--matrix", "--cars", "100000000", "--sample-cars", "1000", "--days", "1",
                "--out", out.toString());
        assertThat(code).isZero();
        var lines = Files.readAllLines(out.resolve("matrix.md"));
        assertThat(lines).hasSize(2 + 8);
        assertThat(lines.get(2)).startsWith("| us | summer | embeddings |");
        assertThat(lines.get(9)).startsWith("| europe | winter | generation |");
    }

    @Test
    void aBadScenarioNamesTheField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"charging\": {\"homePlugProbability\": 2}}");
        int code = Main.run("sim", "--cars", "10", "--scenario", file.toString(), "--out", dir.toString());
        assertThat(code).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("report.html"))).isFalse();
    }
}
