package io.terafleet.agent.work;

import io.terafleet.agent.signals.VehicleSignals;
import io.terafleet.core.policy.OwnerPolicy;
import io.terafleet.core.policy.PolicyEvaluator;
import io.terafleet.core.policy.UsageSoFar;
import io.terafleet.core.vehicle.Eligibility;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The one place the agent asks "may this car compute now?": the owner policy over the current signals and the
 * energy used today. Called from the work loop, the watchdog and signal listeners alike, hence synchronized
 * (the evaluator's thermal latches are its only state). The policy is replaced when the owner sets a new one in
 * the console; the next decision, at most a watchdog tick later, is the new policy's.
 */
public final class PolicyGate {
    /**
     * The longest the car computes between two decisions while a unit runs: the watchdog decides every 100 ms,
     * so one second is ample; the evaluator keeps this much energy of the daily budget in reserve.
     */
    static final Duration DECISION_INTERVAL = Duration.ofSeconds(1);

    private final PolicyEvaluator evaluator;
    private final VehicleSignals signals;
    private final EnergyAccount energy;
    private final Clock clock;
    private OwnerPolicy policy;

    PolicyGate(OwnerPolicy policy, VehicleSignals signals, EnergyAccount energy, Clock clock) {
        this.evaluator = new PolicyEvaluator(energy.hardware(), DECISION_INTERVAL);
        this.policy = policy;
        this.signals = signals;
        this.energy = energy;
        this.clock = clock;
    }

    public synchronized Eligibility decide() {
        return evaluator.decide(signals.current(), policy, usage(), clock.instant());
    }

    /** Every reason the policy gives for not computing now, as {@code agent explain} lists them; empty: it may. */
    public synchronized List<Eligibility.NotEligible> explain() {
        return evaluator.explain(signals.current(), policy, usage(), clock.instant());
    }

    public synchronized OwnerPolicy policy() {
        return policy;
    }

    synchronized void replace(OwnerPolicy newPolicy) {
        this.policy = newPolicy;
    }

    private UsageSoFar usage() {
        return new UsageSoFar(energy.kwhToday(), 0);
    }
}
