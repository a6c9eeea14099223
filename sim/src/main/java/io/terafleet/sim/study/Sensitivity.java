package io.terafleet.sim.study;

import io.terafleet.sim.fleet.Charging;
import io.terafleet.sim.fleet.HardwareMix;
import io.terafleet.sim.fleet.PolicyArchetype;
import io.terafleet.sim.fleet.Scenario;
import io.terafleet.sim.fleet.ScenarioIo;
import java.util.ArrayList;
import java.util.List;

/**
 * Which assumption moves capacity and earnings most: the base scenario, then each factor set low and high with
 * the others at base (one at a time), on a sample standing for a fleet of {@code representedCars}.
 */
public final class Sensitivity {
    /** One factor's two settings. */
    public record Factor(String name, String low, String high, Scenario lowScenario, Scenario highScenario) {
    }

    public record Outcome(Factor factor, SampleRun low, SampleRun high) {
        /** Change of capacity (power the owners' policies make available) from the base, percent. */
        public double gwChange(SampleRun base, boolean high) {
            return change((high ? this.high : low).eligibleGw(), base.eligibleGw());
        }

        public double earningsChange(SampleRun base, boolean high) {
            return change((high ? this.high : low).ownerMeanNet(), base.ownerMeanNet());
        }

        private static double change(double value, double base) {
            return base == 0 ? 0 : (value - base) / Math.abs(base) * 100;
        }
    }

    /**
     * What "every car × 1 kW" takes against this base: the fleet's mean eligible power per car, and how much work
     * absorbing that power would be at the base's energy per item against what the market asks.
     *
     * @param eligibleWattsPerCar        mean power per car (all cars) the owners' policies make available
     * @param computedWattsPerCar        mean power per car actually used by demand
     * @param factorToOneKw              how many times more available power per car 1 kW is
     * @param itemsPerDayFor100Gw        items a day 100 GW of compute does at the base's joules per item
     * @param marketItemsPerDayAtFleetPrice what the fleet is asked for a day at its price (whole fleet)
     */
    public record HundredGw(double eligibleWattsPerCar, double computedWattsPerCar, double factorToOneKw,
                            double itemsPerDayFor100Gw, double marketItemsPerDayAtFleetPrice) {
    }

    public record Study(SampleRun base, List<Outcome> outcomes, HundredGw hundredGw) {
    }

    private Sensitivity() {
    }

    public static List<Factor> factors(Scenario base) {
        List<Factor> out = new ArrayList<>();
        out.add(new Factor("opt-in", "15%", "60%", base.withOptInRate(0.15), base.withOptInRate(0.6)));
        List<HardwareMix> hw3Only = new ArrayList<>();
        for (int i = 0; i < base.hardware().size(); i++) {
            HardwareMix h = base.hardware().get(i);
            hw3Only.add(new HardwareMix(h.name(), h.watts(), h.inferencesPerSecond(), h.tokensPerSecond(),
                    i == 0 ? 1 : 0, h.source()));
        }
        List<HardwareMix> ai5 = ScenarioIo.preset("ai5").hardware();
        out.add(new Factor("hardware", "all " + base.hardware().getFirst().name(), "30% AI5",
                base.with(hw3Only, base.charging(), base.policies()), base.with(ai5, base.charging(), base.policies())));
        out.add(new Factor("plug-in habit", "40% of evenings", "95% of evenings",
                base.with(base.hardware(), plugging(base.charging(), 0.4), base.policies()),
                base.with(base.hardware(), plugging(base.charging(), 0.95), base.policies())));
        PolicyArchetype strict = new PolicyArchetype("nights-only", 1, null, null, null, null, null, 5.0,
                List.of("22:00-07:00"), null, null, "Sensitivity: every owner lends only nights, 5 kWh a day.");
        PolicyArchetype permissive = new PolicyArchetype("permissive", 1, false, 30.0, true, 30, null, -1.0, null,
                null, null, "Sensitivity: every owner lends plugged or not down to 30%, no daily budget.");
        out.add(new Factor("policy mix", "all nights-only", "all permissive",
                base.with(base.hardware(), base.charging(), List.of(strict)),
                base.with(base.hardware(), base.charging(), List.of(permissive))));
        out.add(new Factor("price", "10% below datacenter", "60% below datacenter",
                base.withMarket(base.market().withDiscount(0.1)), base.withMarket(base.market().withDiscount(0.6))));
        return out;
    }

    public static Study run(Scenario base, int sampleCars, long representedCars, int days, long seed, int threads) {
        SampleRun baseRun = SampleRun.of(base, sampleCars, representedCars, days, seed, threads);
        List<Outcome> outcomes = new ArrayList<>();
        for (Factor f : factors(base)) {
            outcomes.add(new Outcome(f, SampleRun.of(f.lowScenario(), sampleCars, representedCars, days, seed, threads),
                    SampleRun.of(f.highScenario(), sampleCars, representedCars, days, seed, threads)));
        }
        double eligiblePerCar = baseRun.eligibleGw() * 1e9 / representedCars;
        double computedPerCar = baseRun.meanGw() * 1e9 / representedCars;
        double joules = baseRun.result().totals().joulesPerInference();
        double itemsFor100Gw = joules > 0 ? 100e9 / joules * 86_400 : Double.NaN;
        var hundred = new HundredGw(eligiblePerCar, computedPerCar, eligiblePerCar > 0 ? 1000 / eligiblePerCar
                : Double.POSITIVE_INFINITY, itemsFor100Gw, base.market().fleetItemsPerDay());
        return new Study(baseRun, outcomes, hundred);
    }

    private static Charging plugging(Charging c, double p) {
        return new Charging(c.homeChargerShare(), p, c.workChargerShare(), Math.min(1, p + 0.1),
                c.publicPlugProbability(), c.chargers(), c.chargeLimitPercent(),
                c.source() + " Sensitivity: owners plug in on " + Math.round(p * 100) + "% of arrivals home.");
    }
}
