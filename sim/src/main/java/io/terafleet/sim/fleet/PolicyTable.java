package io.terafleet.sim.fleet;

import io.terafleet.core.energy.ComputeHardware;
import io.terafleet.core.policy.OwnerPolicy;
import io.terafleet.core.policy.PolicyEvaluator;
import io.terafleet.core.policy.UsageSoFar;
import io.terafleet.core.vehicle.ChargeTimerMode;
import io.terafleet.core.vehicle.Gear;
import io.terafleet.core.vehicle.VehicleState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Core's {@link PolicyEvaluator}, tabulated once at start-up so a hundred million cars can ask it every step.
 *
 * <p>Every rule of the evaluator is a condition that must hold, and each looks at its own inputs, so "may compute"
 * is the conjunction of four factors, each tabulated by calling the real evaluator with the other factors set
 * so they pass:
 * <ol>
 *   <li>local time of day (windows, tariff price) per owner kind and region;</li>
 *   <li>car state (plugged, SoC in whole percent, steps until a known departure) per owner kind, hardware,
 *       battery and charger class; eligibility only grows with the time left, so the table keeps the fewest
 *       steps that still allow compute, found by binary search;</li>
 *   <li>energy used today, in whole steps of compute, per owner kind and hardware;</li>
 *   <li>home solar surplus in 0.1 kW buckets, per owner kind and hardware.</li>
 * </ol>
 * The simulator rounds its continuous state the cautious way (SoC and time left down, energy used up), so the
 * table never allows compute the evaluator would refuse. {@code PolicyTableTest} checks the table against the
 * evaluator on random states.
 *
 * <p>The heat rules are the one part with memory (core's {@code ThermalLatch}: stop at the maximum, resume only
 * below the maximum less the hysteresis). The table holds each owner kind's thresholds from its policy, and the
 * kernel keeps the two latches per car with {@link #hot}, which {@code PolicyTableTest} checks against the evaluator
 * on random temperature sequences. The other factors are tabulated at a mild 20 °C.
 */
public final class PolicyTable {
    /** Steps until departure beyond this are looked up as this many: eligibility only grows with time left. */
    public final int maxDepartureSteps;
    public static final int SOLAR_BUCKETS = 300;
    public static final short NEVER = Short.MAX_VALUE;
    static final int SOC_LEVELS = 101;

    private final int regions;
    private final int hardwares;
    private final int batteries;
    private final int chargers;
    private final int slotsPerDay;
    private final Duration step;
    final boolean[] timeOk;
    final short[] minDepartureSteps;
    final boolean[] okWithoutDeparture;
    final int[] maxUsageSteps;
    final boolean[] solarOk;
    /** Per owner kind: the pack and computer temperatures at which heat stops compute, and below which it resumes. */
    final double[] packTripC;
    final double[] packResumeBelowC;
    final double[] computeTripC;
    final double[] computeResumeBelowC;
    private final FleetModel model;

    public PolicyTable(FleetModel model) {
        this.model = model;
        this.regions = model.regions.length;
        this.hardwares = model.hardware.length;
        this.batteries = model.batteryKwh.length;
        this.chargers = model.chargerKw.length;
        this.slotsPerDay = model.stepsPerDay;
        this.step = Duration.ofMinutes(model.scenario.stepMinutes());
        this.maxDepartureSteps = model.stepsPerDay;
        int kinds = model.kinds();
        timeOk = new boolean[kinds * regions * slotsPerDay];
        int stateSize = kinds * hardwares * batteries * chargers * 2 * SOC_LEVELS;
        minDepartureSteps = new short[stateSize];
        okWithoutDeparture = new boolean[stateSize];
        maxUsageSteps = new int[kinds * hardwares];
        solarOk = new boolean[kinds * hardwares * (SOLAR_BUCKETS + 1)];
        packTripC = new double[kinds];
        packResumeBelowC = new double[kinds];
        computeTripC = new double[kinds];
        computeResumeBelowC = new double[kinds];
        for (int kind = 0; kind < kinds; kind++) {
            tabulate(kind);
            OwnerPolicy policy = model.policy(kind, 0);
            packTripC[kind] = policy.maxPackTemperatureC();
            packResumeBelowC[kind] = policy.maxPackTemperatureC() - policy.thermalHysteresisC();
            computeTripC[kind] = policy.maxComputeTemperatureC();
            computeResumeBelowC[kind] = policy.maxComputeTemperatureC() - policy.thermalHysteresisC();
        }
    }

    /**
     * A thermal latch's next state, as core's {@code ThermalLatch} decides it: too hot from the maximum on, and
     * until the temperature falls below the maximum less the hysteresis.
     */
    static boolean hot(boolean latched, double temperatureC, double tripC, double resumeBelowC) {
        if (temperatureC >= tripC) {
            return true;
        }
        return temperatureC >= resumeBelowC && latched;
    }

    /** Whether a parked car in this quantized state may compute; the lookups the simulator makes. */
    public boolean eligible(int kind, int region, int hw, int battery, int charger, boolean plugged, int socPercent,
                            int departureSteps, int slot, int usageSteps, int solarBucket) {
        if (!timeOk[timeIndex(kind, region, slot)]) {
            return false;
        }
        return stateAllows(stateIndex(kind, hw, battery, charger, plugged, socPercent), departureSteps)
                && usageSteps <= maxUsageSteps(kind, hw) && solarOk[solarIndex(kind, hw, solarBucket)];
    }

    /** The car-state factor at a {@link #stateIndex}, with the steps until a known departure (-1: none). */
    boolean stateAllows(int stateIndex, int departureSteps) {
        return departureSteps < 0 ? okWithoutDeparture[stateIndex]
                : Math.min(departureSteps, maxDepartureSteps) >= minDepartureSteps[stateIndex];
    }

    /** The most steps of compute an owner of this kind allows per local day on this hardware. */
    int maxUsageSteps(int kind, int hw) {
        return maxUsageSteps[kind * hardwares + hw];
    }

    int timeIndex(int kind, int region, int slot) {
        return (kind * regions + region) * slotsPerDay + slot;
    }

    int stateIndex(int kind, int hw, int battery, int charger, boolean plugged, int socPercent) {
        return ((((kind * hardwares + hw) * batteries + battery) * chargers + charger) * 2 + (plugged ? 1 : 0))
                * SOC_LEVELS + socPercent;
    }

    int solarIndex(int kind, int hw, int bucket) {
        return (kind * hardwares + hw) * (SOLAR_BUCKETS + 1) + (bucket < 0 ? SOLAR_BUCKETS : bucket);
    }

    private void tabulate(int kind) {
        for (int r = 0; r < regions; r++) {
            OwnerPolicy policy = model.policy(kind, r);
            for (int slot = 0; slot < slotsPerDay; slot++) {
                Instant at = model.instantAtLocalSlot(r, slot);
                timeOk[timeIndex(kind, r, slot)] = decide(policy, 0, favourable(at), UsageSoFar.NONE, at);
            }
        }
        // Time-of-day rules are stripped here: the table above holds them.
        OwnerPolicy timeless = model.policy(kind, 0).toBuilder().allowedWindows(List.of()).maxPricePerKwh(null)
                .build();
        // The solar rule has its own table; the state table asks with it off (the states carry no solar signal).
        OwnerPolicy sunless = timeless.toBuilder().solarSurplusOnly(false).build();
        Instant at = model.instantAtLocalSlot(0, 0);
        for (int hw = 0; hw < hardwares; hw++) {
            for (int b = 0; b < batteries; b++) {
                for (int c = 0; c < chargers; c++) {
                    for (int p = 0; p < 2; p++) {
                        for (int soc = 0; soc < SOC_LEVELS; soc++) {
                            int s = stateIndex(kind, hw, b, c, p == 1, soc);
                            var state = carState(at, p == 1, soc, b, c, -1);
                            okWithoutDeparture[s] = decide(sunless, hw, state, UsageSoFar.NONE, at);
                            minDepartureSteps[s] = fewestSteps(sunless, hw, at, p == 1, soc, b, c);
                        }
                    }
                }
            }
            int k = 0;
            double stepKwh = model.hardware[hw].energyKwh(step);
            // The evaluator refuses once used + one step exceeds the budget; find the last count it still allows.
            while (k <= slotsPerDay && decide(timeless, hw, favourable(at), new UsageSoFar(k * stepKwh, 0), at)) {
                k++;
            }
            maxUsageSteps[kind * hardwares + hw] = k > slotsPerDay ? Integer.MAX_VALUE : k - 1;
            for (int bucket = -1; bucket < SOLAR_BUCKETS; bucket++) {
                Double surplus = bucket < 0 ? null : bucket / 10.0;
                var state = favourable(at).toBuilder().solarSurplusKw(surplus).build();
                solarOk[solarIndex(kind, hw, bucket)] = decide(timeless, hw, state, UsageSoFar.NONE, at);
            }
        }
    }

    private short fewestSteps(OwnerPolicy policy, int hw, Instant at, boolean plugged, int soc, int b, int c) {
        if (!decide(policy, hw, carState(at, plugged, soc, b, c, maxDepartureSteps), UsageSoFar.NONE, at)) {
            return NEVER;
        }
        int lo = 0;
        int hi = maxDepartureSteps;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (decide(policy, hw, carState(at, plugged, soc, b, c, mid), UsageSoFar.NONE, at)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return (short) lo;
    }

    private boolean decide(OwnerPolicy policy, int hw, VehicleState state, UsageSoFar usage, Instant at) {
        ComputeHardware hardware = model.hardware[hw];
        return new PolicyEvaluator(hardware, step).decide(state, policy, usage, at).isEligible();
    }

    /** A parked, plugged, full car with no departure and plenty of sun: passes every rule but the one asked. */
    VehicleState favourable(Instant at) {
        return carState(at, true, 100, 0, 0, -1).toBuilder().solarSurplusKw(1_000.0).build();
    }

    /** The state a simulated parked car reports, as the evaluator sees it. */
    public VehicleState carState(Instant at, boolean plugged, double socPercent, int battery, int charger,
                                 int departureSteps) {
        var builder = VehicleState.builder(at).selectedGear(Gear.PARK).speedKmh(0).driverSeatOccupied(false)
                .driverDoorLocked(true).stateOfChargePercent(socPercent)
                .chargeLimitPercent(model.scenario.charging().chargeLimitPercent())
                .chargingCableConnected(plugged).chargingPowerKw(plugged ? model.chargerKw[charger] : 0)
                .batteryCapacityKwh(model.batteryKwh[battery]);
        if (departureSteps >= 0) {
            builder.chargeTimerMode(ChargeTimerMode.END_TIME).chargeTimerTime(at.plus(step.multipliedBy(departureSteps)));
        }
        return builder.build();
    }
}
