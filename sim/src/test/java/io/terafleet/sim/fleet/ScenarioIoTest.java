package io.terafleet.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScenarioIoTest {
    @Test
    void defaultScenarioLoadsAndEveryPartHasASource() {
        Scenario s = ScenarioIo.defaults();
        assertThat(s.driving().meanTours() * 2).isEqualTo(2.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.driving().minutesPerDay()).isEqualTo(60);
        assertThat(s.charging().chargers().getFirst().value()).isEqualTo(7.2);
        assertThat(s.hardware()).extracting(h -> h.hardware().watts()).containsExactly(72.0, 160.0);
        assertThat(ScenarioIo.defaultText()).contains("NHTS 2017");
        assertThat(s.regions()).allSatisfy(r -> assertThat(r.source()).isNotBlank());
        assertThat(s.policies()).allSatisfy(p -> assertThat(p.source()).isNotBlank());
    }

    @Test
    void aFileOverridesOnlyWhatItSays() {
        Scenario s = ScenarioIo.parse("{\"optInRate\": 0.5, \"driving\": {\"minutesPerDay\": 70}}");
        assertThat(s.optInRate()).isEqualTo(0.5);
        assertThat(s.driving().minutesPerDay()).isEqualTo(70);
        assertThat(s.driving().commuterShare()).isEqualTo(ScenarioIo.defaults().driving().commuterShare());
    }

    @Test
    void validationErrorsNameTheField() {
        assertThatThrownBy(() -> ScenarioIo.parse("{\"optInRate\": 1.5}"))
                .hasMessageStartingWith("optInRate:");
        assertThatThrownBy(() -> ScenarioIo.parse("{\"driving\": {\"commuterShare\": -1}}"))
                .hasMessageStartingWith("driving.commuterShare:");
        assertThatThrownBy(() -> ScenarioIo.parse("{\"charging\": {\"chargers\": [{\"value\": 0, \"share\": 1}]}}"))
                .hasMessageStartingWith("charging.chargers[0].value:");
        assertThatThrownBy(() -> ScenarioIo.parse("{\"stepMinutes\": 7}")).hasMessageStartingWith("stepMinutes:");
        assertThatThrownBy(() -> ScenarioIo.parse("{\"driving\": {\"source\": \"\"}}"))
                .hasMessageStartingWith("driving.source:");
        assertThatThrownBy(() -> ScenarioIo.parse("{\"drivng\": {}}")).hasMessageContaining("drivng");
        assertThatThrownBy(() -> ScenarioIo.parse("{\"policies\": [{\"name\": \"x\", \"share\": 1, "
                + "\"minStateOfChargePercent\": 150, \"source\": \"s\"}]}"))
                .hasMessageStartingWith("policies[0].minStateOfChargePercent:");
        assertThatThrownBy(() -> ScenarioIo.parse("{\"regions\": [{\"name\": \"x\", \"zone\": \"Mars/Base\", "
                + "\"share\": 1, \"solarYield\": 0.5, \"tariff\": {\"basePricePerKwh\": 0.1}, \"source\": \"s\"}]}"))
                .hasMessageStartingWith("regions[0].zone:");
        assertThatThrownBy(() -> ScenarioIo.parse("{\"hardware\": [{\"name\": \"HW3\", \"watts\": null, "
                + "\"inferencesPerSecond\": 10, \"share\": 0.5, \"source\": \"s\"}]}"))
                .hasMessageStartingWith("hardware: shares must add up to 1");
    }
}
