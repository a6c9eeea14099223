package io.terafleet.core.policy;

import io.terafleet.core.energy.ComputeHardware;
import io.terafleet.core.vehicle.Eligibility;
import io.terafleet.core.vehicle.SafetyRules;
import io.terafleet.core.vehicle.VehicleState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides each tick whether this car may compute, from its state, its owner's policy and what it has used.
 *
 * <p>Order of checks (the first that fails is the answer of {@link #decide}):
 * <ol>
 *   <li>safety, not a setting: {@code not_parked}, {@code moving}, {@code driver_present}, {@code unlocked};</li>
 *   <li>consent and the car's own reserves: {@code not_opted_in}, {@code not_plugged_in},
 *       {@code soc_below_floor};</li>
 *   <li>heat, with hysteresis: {@code pack_too_hot}, {@code compute_too_hot};</li>
 *   <li>the owner's next trip: {@code departure_too_soon}, {@code charge_by_departure};</li>
 *   <li>the owner's limits on power, energy, time and money: {@code power_over_limit},
 *       {@code daily_budget_spent}, {@code outside_time_window}, {@code price_too_high},
 *       {@code no_solar_surplus}.</li>
 * </ol>
 *
 * <p>Rules about time (windows, tariff bands, departures) hold at each decision; a car that decides again every
 * few seconds overruns a window's end by at most that much. Energy is stricter: the daily budget reserves one
 * decision interval of compute, so it is never exceeded.
 *
 * <p>It holds one piece of memory, the thermal latches, so keep one evaluator per car. Both {@link #decide} and
 * {@link #explain} feed the latches every tick's temperatures, also while driving (a pack that got hot on the
 * motorway stays latched after parking); the same reading twice gives the same answer.
 */
public final class PolicyEvaluator {
    /** The default longest stretch of compute between two decisions. */
    public static final Duration DEFAULT_DECISION_INTERVAL = Duration.ofMinutes(1);

    private final ComputeHardware hardware;
    private final Duration decisionInterval;
    private final ThermalLatch pack = new ThermalLatch();
    private final ThermalLatch compute = new ThermalLatch();

    /** An evaluator for a car that decides again at least every {@link #DEFAULT_DECISION_INTERVAL}. */
    public PolicyEvaluator(ComputeHardware hardware) {
        this(hardware, DEFAULT_DECISION_INTERVAL);
    }

    /**
     * @param hardware         this car's AI computer: its power is what the charge and solar rules reserve
     * @param decisionInterval the longest the car computes between two decisions; the daily budget keeps that
     *                         much energy in reserve, so a yes never lets the budget be overrun
     */
    public PolicyEvaluator(ComputeHardware hardware, Duration decisionInterval) {
        this.hardware = Objects.requireNonNull(hardware, "hardware: must not be null");
        Objects.requireNonNull(decisionInterval, "decisionInterval: must not be null");
        if (decisionInterval.isNegative()) {
            throw new IllegalArgumentException("decisionInterval: must not be negative, was " + decisionInterval);
        }
        this.decisionInterval = decisionInterval;
    }

    public ComputeHardware hardware() {
        return hardware;
    }

    public Eligibility decide(VehicleState state, OwnerPolicy policy, UsageSoFar usage, Instant now) {
        Tick tick = tick(state, policy, usage, now);
        var unsafe = SafetyRules.first(state);
        if (unsafe.isPresent()) {
            return unsafe.get();
        }
        for (var rule : OwnerRules.IN_ORDER) {
            Eligibility.NotEligible why = rule.apply(tick);
            if (why != null) {
                return why;
            }
        }
        return Eligibility.ELIGIBLE;
    }

    /** Every reason that applies now, in check order; empty when the car may compute. For an explain view. */
    public List<Eligibility.NotEligible> explain(VehicleState state, OwnerPolicy policy, UsageSoFar usage,
                                                 Instant now) {
        List<Eligibility.NotEligible> reasons = new ArrayList<>(SafetyRules.all(state));
        Tick tick = tick(state, policy, usage, now);
        for (var rule : OwnerRules.IN_ORDER) {
            Eligibility.NotEligible why = rule.apply(tick);
            if (why != null) {
                reasons.add(why);
            }
        }
        return List.copyOf(reasons);
    }

    /** Whether the pack latch is holding work off (it reached its maximum and has not cooled enough). */
    public boolean packLatched() {
        return pack.tripped();
    }

    public boolean computeLatched() {
        return compute.tripped();
    }

    private Tick tick(VehicleState state, OwnerPolicy policy, UsageSoFar usage, Instant now) {
        Objects.requireNonNull(now, "now: must not be null");
        boolean packHot = pack.tooHot(state.packTemperatureC(), policy.maxPackTemperatureC(),
                policy.thermalHysteresisC());
        boolean computeHot = compute.tooHot(state.computeTemperatureC(), policy.maxComputeTemperatureC(),
                policy.thermalHysteresisC());
        return new Tick(state, policy, usage, now, hardware, decisionInterval, packHot, computeHot);
    }
}
