package io.terafleet.agent.work;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A car asks for several units per lease only when its units are short, and never for more than the cap. */
class UnitsPerLeaseTest {
    @Test
    void oneUnitBeforeAnyHasRunAndWhileUnitsAreLong() {
        assertThat(WorkLoop.unitsPerLease(0)).isEqualTo(1);
        assertThat(WorkLoop.unitsPerLease(WorkLoop.SHORT_UNIT.toNanos())).isEqualTo(1);
        assertThat(WorkLoop.unitsPerLease(30_000_000_000L)).isEqualTo(1);
    }

    @Test
    void shortUnitsAreLeasedSeveralAtATimeUpToTheCap() {
        assertThat(WorkLoop.unitsPerLease(500_000_000L)).isEqualTo(4);
        assertThat(WorkLoop.unitsPerLease(900_000_000L)).isEqualTo(2);
        assertThat(WorkLoop.unitsPerLease(1_000_000L)).isEqualTo(WorkLoop.MAX_UNITS_PER_LEASE);
    }
}
