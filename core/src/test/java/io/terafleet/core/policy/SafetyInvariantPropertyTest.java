package io.terafleet.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.terafleet.core.energy.ComputeHardware;
import io.terafleet.core.vehicle.ChargeTimerMode;
import io.terafleet.core.vehicle.Connectivity;
import io.terafleet.core.vehicle.Eligibility;
import io.terafleet.core.vehicle.Gear;
import io.terafleet.core.vehicle.VehicleState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** I1 over thousands of seeded random states and policies: unsafe or not opted in is never eligible. */
class SafetyInvariantPropertyTest {
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final int[] GEARS = {Gear.PARK, Gear.PARK, Gear.DRIVE, Gear.NEUTRAL, Gear.REVERSE, 1, 3};

    @ParameterizedTest
    @ValueSource(longs = {11, 22, 33, 44, 55, 66, 77, 88})
    void neverEligibleWhenNotParkedMovingOrNotOptedIn(long seed) {
        var random = new Random(seed);
        var evaluator = new PolicyEvaluator(random.nextBoolean() ? ComputeHardware.HW3 : ComputeHardware.HW4);
        int eligible = 0;
        for (int i = 0; i < 5_000; i++) {
            Instant now = EPOCH.plus(Duration.ofMinutes(random.nextInt(525_600)));
            VehicleState state = randomState(random, now);
            OwnerPolicy policy = randomPolicy(random);
            var usage = new UsageSoFar(random.nextDouble() * 12, random.nextLong(0, 1L << 32));
            Eligibility decision = evaluator.decide(state, policy, usage, now);
            if (!state.inPark() || state.speedKmh() != 0 || !policy.optedIn()) {
                if (decision.isEligible()) {
                    throw new AssertionError("eligible although unsafe or not opted in: " + state + " / " + policy);
                }
            }
            if (decision.isEligible() != evaluator.explain(state, policy, usage, now).isEmpty()) {
                throw new AssertionError("decide and explain disagree on " + state + " / " + policy);
            }
            eligible += decision.isEligible() ? 1 : 0;
        }
        assertThat(eligible).as("the generator also reaches eligible states").isPositive();
    }

    private static VehicleState randomState(Random random, Instant now) {
        double soc = random.nextDouble() * 100;
        return VehicleState.builder(now)
                .selectedGear(GEARS[random.nextInt(GEARS.length)])
                .speedKmh(random.nextInt(3) == 0 ? random.nextDouble() * 130 - 10 : 0)
                .stateOfChargePercent(soc)
                .chargeLimitPercent(Math.min(100, soc + random.nextDouble() * 20))
                .charging(random.nextBoolean())
                .chargingPowerKw(random.nextDouble() * 22)
                .chargingCableConnected(random.nextInt(4) > 0)
                .packTemperatureC(random.nextDouble() * 60 - 10)
                .computeTemperatureC(random.nextDouble() * 100)
                .driverSeatOccupied(random.nextInt(5) == 0)
                .driverDoorLocked(random.nextInt(5) > 0)
                .connectivity(Connectivity.values()[random.nextInt(3)])
                .chargeTimerMode(ChargeTimerMode.values()[random.nextInt(3)])
                .chargeTimerTime(random.nextBoolean() ? now.plus(Duration.ofMinutes(random.nextInt(-120, 1440))) : null)
                .solarSurplusKw(random.nextBoolean() ? random.nextDouble() * 5 : null)
                .batteryCapacityKwh(40 + random.nextDouble() * 60)
                .build();
    }

    private static OwnerPolicy randomPolicy(Random random) {
        return OwnerPolicy.builder()
                .optedIn(random.nextInt(4) > 0)
                .requirePluggedIn(random.nextBoolean())
                .minStateOfChargePercent(random.nextDouble() * 60)
                .chargeByDeparture(random.nextBoolean())
                .departureMarginMinutes(random.nextInt(90))
                .maxComputePowerWatts(50 + random.nextDouble() * 1000)
                .dailyEnergyBudgetKwh(random.nextBoolean() ? random.nextDouble() * 10 : null)
                .zone(ZoneId.of(random.nextBoolean() ? "Europe/Berlin" : "America/Los_Angeles"))
                .allowedWindows(random.nextBoolean() ? List.of() : List.of(TimeWindow.parse("22:00-07:00")))
                .solarSurplusOnly(random.nextInt(5) == 0)
                .build();
    }
}
