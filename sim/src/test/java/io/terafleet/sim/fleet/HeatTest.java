package io.terafleet.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The owner policy's heat rules bite where and when it is hot, and nowhere else. */
class HeatTest {
    /** Two cities in July, every car parked in the open, every owner opted in with core's default policy. */
    static final String PHOENIX_AND_SEATTLE = """
            {"startDate": "2025-07-07", "optInRate": 1.0,
             "policies": [{"name": "defaults", "share": 1.0, "source": "core defaults"}],
             "thermal": {"garagedAtHomeShare": 0.0},
             "regions": [
              {"name": "phoenix", "zone": "America/Phoenix", "share": 0.5, "solarYield": 0.95,
               "tariff": {"basePricePerKwh": 0.14},
               "climate": {"latitude": 33.4, "januaryLowC": 8.0, "januaryHighC": 19.8, "julyLowC": 29.0,
                           "julyHighC": 41.4, "source": "NOAA normals, Phoenix"},
               "source": "test"},
              {"name": "seattle", "zone": "America/Los_Angeles", "share": 0.5, "solarYield": 0.6,
               "tariff": {"basePricePerKwh": 0.12},
               "climate": {"latitude": 47.4, "januaryLowC": 2.7, "januaryHighC": 8.9, "julyLowC": 13.7,
                           "julyHighC": 25.2, "source": "NOAA normals, Seattle"},
               "source": "test"}]}""";

    @Test
    void climateFollowsTheNormalsByHourAndSeason() {
        Climate phoenix = ScenarioIo.parse(PHOENIX_AND_SEATTLE).regions().get(0).climate();
        int july15 = 196;
        int january15 = 15;
        assertThat(phoenix.ambientC(july15, 15)).isCloseTo(41.4, within(0.1));
        assertThat(phoenix.ambientC(july15, 3)).isCloseTo(29.0, within(0.1));
        assertThat(phoenix.ambientC(january15, 15)).isCloseTo(19.8, within(0.1));
        assertThat(phoenix.sunFraction(july15, 2)).isZero();
        assertThat(phoenix.sunFraction(july15, 12)).isGreaterThan(0.9);
        assertThat(phoenix.sunFraction(january15, 12)).isBetween(0.5, 0.7); // a lower sun
        assertThat(phoenix.sunFraction(january15, 18.5)).isZero(); // a short winter day
    }

    @Test
    void heatRulesBiteInAPhoenixJulyAfternoonAndNotInASeattleNight() {
        Scenario scenario = ScenarioIo.parse(PHOENIX_AND_SEATTLE);
        FleetResult result = FleetSimulator.run(scenario, 4_000, 2, 3, FleetSimulator.Listener.NONE);
        double[][] blocked = result.hourly().heatBlocked();
        double phoenixAfternoon = 0;
        double phoenixAfternoonEligible = 0;
        double seattleNight = 0;
        double seattleNightEligible = 0;
        double seattleAll = 0;
        for (int hour = 0; hour < result.hourly().hours(); hour++) {
            int phoenixLocal = Math.floorMod(hour - 7, 24); // MST all year
            int seattleLocal = Math.floorMod(hour - 7, 24); // PDT in July
            if (phoenixLocal >= 14 && phoenixLocal < 19) {
                phoenixAfternoon += blocked[hour][0];
                phoenixAfternoonEligible += result.hourly().eligible()[hour][0];
            }
            if (seattleLocal < 6) {
                seattleNight += blocked[hour][1];
                seattleNightEligible += result.hourly().eligible()[hour][1];
            }
            seattleAll += blocked[hour][1];
        }
        // In Phoenix the pack (45 °C limit) holds back a good part of the cars the policy otherwise allows.
        assertThat(phoenixAfternoon).isGreaterThan(0.2 * (phoenixAfternoon + phoenixAfternoonEligible));
        assertThat(result.totals().heatPreemptions()).isPositive();
        // In Seattle nothing is held back at night (nor at all in July), while cars there do compute at night.
        assertThat(seattleNight).isZero();
        assertThat(seattleAll).isZero();
        assertThat(seattleNightEligible).isPositive();
    }

    @Test
    void withoutAClimateHeatNeverBinds() {
        Scenario mild = ScenarioIo.parse("""
                {"regions": [{"name": "mild", "zone": "UTC", "share": 1.0, "solarYield": 0.8,
                  "tariff": {"basePricePerKwh": 0.2}, "source": "test"}]}""");
        FleetResult result = FleetSimulator.run(mild, 3_000, 1, 5, FleetSimulator.Listener.NONE);
        assertThat(result.totals().heatBlockedCarHours()).isZero();
        assertThat(result.totals().computeSeconds()).isPositive();
    }
}
