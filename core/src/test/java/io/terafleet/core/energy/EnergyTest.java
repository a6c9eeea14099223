package io.terafleet.core.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EnergyTest {

    @Test
    void energyIsPowerTimesComputeTime() {
        assertThat(ComputeHardware.HW3.energyWh(Duration.ofHours(1))).isCloseTo(72, within(1e-9));
        assertThat(ComputeHardware.HW4.energyKwh(Duration.ofMinutes(30))).isCloseTo(0.08, within(1e-12));
        assertThat(Energy.kilowattHours(1000, Duration.ofSeconds(36))).isCloseTo(0.01, within(1e-12));
        assertThat(Energy.timeFor(15, 10)).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void thePowerModelHasDefaultsAndTakesMeasuredFigures() {
        var model = PowerModel.defaults();
        assertThat(model.hardware("HW3")).contains(ComputeHardware.HW3);
        assertThat(model.hardware("HW4")).hasValueSatisfying(hw -> assertThat(hw.watts()).isEqualTo(160));
        assertThat(model.hardware("AI5")).isEmpty();
        var measured = model.withHardware("HW4", 175).withHardware("AI5", 600);
        assertThat(measured.hardware("HW4").orElseThrow().watts()).isEqualTo(175);
        assertThat(measured.hardware("AI5").orElseThrow().kilowatts()).isEqualTo(0.6);
        assertThat(model.hardware("HW4").orElseThrow().watts()).as("the original is unchanged").isEqualTo(160);
    }

    @Test
    void hardwareValidationNamesTheField() {
        assertThatThrownBy(() -> new ComputeHardware("HW9", 0)).hasMessage("watts: must be > 0, was 0.0");
        assertThatThrownBy(() -> new ComputeHardware(" ", 10)).hasMessage("name: must not be blank");
    }
}
