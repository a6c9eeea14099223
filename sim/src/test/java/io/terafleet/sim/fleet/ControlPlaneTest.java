package io.terafleet.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ControlPlaneTest {
    private static final Scenario DEFAULTS = ScenarioIo.defaults();

    @Test
    void unitsPerCellAreTheMeasuredControlPlaneRateAndTheReportSaysWhere() {
        ControlPlane cp = DEFAULTS.controlPlane();
        assertThat(cp.unitsPerSecondPerCell()).isEqualTo(146);
        assertThat(cp.unitsPerSecondPerCellSource()).contains("bench-control-plane").contains("2026-12-07");
        Assumptions.Assumption units = Assumptions.of(DEFAULTS).stream()
                .filter(a -> a.name().equals("coordinator tier: units per cell")).findFirst().orElseThrow();
        assertThat(units.guess()).as("a measurement, not a guess").isFalse();
        assertThat(units.source()).isEqualTo(cp.unitsPerSecondPerCellSource());
        assertThat(Assumptions.of(DEFAULTS)).filteredOn(a -> a.name().equals("coordinator tier"))
                .singleElement().extracting(Assumptions.Assumption::guess).isEqualTo(true);
    }

    @Test
    void connectedCarsPerCoordinatorAreMeasuredAndFlaggedApartFromTheGuesses() {
        ControlPlane cp = DEFAULTS.controlPlane();
        assertThat(cp.connectedCarsPerCoordinator()).isEqualTo(15_000);
        assertThat(cp.connectedCarsPerCoordinatorSource())
                .contains("bench-control-plane --store postgres --idle-cars 15000").contains("2026-12-07");
        Assumptions.Assumption connected = Assumptions.of(DEFAULTS).stream()
                .filter(a -> a.name().equals("coordinator tier: connected cars per coordinator")).findFirst()
                .orElseThrow();
        assertThat(connected.guess()).as("a measurement, not a guess").isFalse();
        assertThat(connected.source()).isEqualTo(cp.connectedCarsPerCoordinatorSource());
        // The shared source keeps the guessed capacities, so it stays flagged; it no longer carries the measurement.
        assertThat(cp.source()).doesNotContain("14,971").contains("guesses");
    }

    @Test
    void aConnectedCarsFigureWithoutItsSourceIsRefusedNamingTheField() {
        assertThatThrownBy(() -> ScenarioIo.parse(
                "{\"controlPlane\": {\"connectedCarsPerCoordinatorSource\": \"\"}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("controlPlane.connectedCarsPerCoordinatorSource");
    }

    @Test
    void aLeaseBoundPeakNeedsItsLeasesOverTheMeasuredUnitsPerCell() {
        ControlPlane cp = DEFAULTS.controlPlane();
        double[] leases = {10, 1_460, 700};
        double[] few = new double[leases.length];
        Arrays.fill(few, 1);
        TierLoad tier = TierLoad.of(cp, few, leases, few, few, new double[leases.length], new double[leases.length],
                DEFAULTS.market());
        assertThat(tier.binding()).isEqualTo("units per cell");
        assertThat(tier.cellsNeeded()).isEqualTo((long) Math.ceil(1_460 / cp.unitsPerSecondPerCell()));
        assertThat(tier.cellsNeeded()).isEqualTo(10);
    }

    @Test
    void aCapacityWithoutItsSourceIsRefusedNamingTheField() {
        assertThatThrownBy(() -> ScenarioIo.parse("{\"controlPlane\": {\"unitsPerSecondPerCellSource\": \" \"}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("controlPlane.unitsPerSecondPerCellSource");
    }
}
