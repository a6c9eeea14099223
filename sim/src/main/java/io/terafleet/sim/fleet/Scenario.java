package io.terafleet.sim.fleet;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Everything the fleet simulator assumes, each part with the {@code source} it comes from. Load one with
 * {@link ScenarioIo}; the default ships as a resource ({@code terafleet sim --print-default-scenario}).
 *
 * @param startDate   the first simulated day (local midnight in each region)
 * @param stepMinutes length of a time step; cars decide again at each step, as agents do each tick
 * @param optInRate   share of owners who opted in; the others' cars drive and park but never compute
 * @param workload    what the fleet runs: {@value #EMBEDDINGS} or {@value #GENERATION}
 * @param markets     per workload, its price and demand
 */
public record Scenario(String name, String startDate, int stepMinutes, Driving driving, Charging charging,
                       Battery battery, List<HardwareMix> hardware, double optInRate,
                       List<PolicyArchetype> policies, List<Region> regions, Solar solar, Demand demand,
                       Economics economics, Units units, String workload, Map<String, Market> markets,
                       Thermal thermal, BatteryWear batteryWear, ControlPlane controlPlane) {
    public static final String EMBEDDINGS = "embeddings";
    public static final String GENERATION = "generation";

    public Scenario {
        Check.present("name", name);
        Check.present("startDate", startDate);
        try {
            LocalDate.parse(startDate);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("startDate: must be a date like 2025-06-02, was \"" + startDate + "\"");
        }
        if (stepMinutes < 1 || 60 % stepMinutes != 0) {
            throw new IllegalArgumentException("stepMinutes: must divide an hour (1, 2, 5, 10, 15, 30, 60), was "
                    + stepMinutes);
        }
        Check.present("driving", driving);
        Check.present("charging", charging);
        Check.present("battery", battery);
        hardware = Check.nonEmpty("hardware", hardware);
        Check.sharesSumToOne("hardware", hardware.stream().mapToDouble(HardwareMix::share).toArray());
        Check.within("optInRate", optInRate, 0, 1);
        policies = Check.nonEmpty("policies", policies);
        Check.sharesSumToOne("policies", policies.stream().mapToDouble(PolicyArchetype::share).toArray());
        for (int i = 0; i < policies.size(); i++) {
            try {
                policies.get(i).toPolicy(java.time.ZoneOffset.UTC, io.terafleet.core.policy.Tariff.flat(0.1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("policies[" + i + "]." + e.getMessage(), e); // core's own check
            }
        }
        regions = Check.nonEmpty("regions", regions);
        Check.sharesSumToOne("regions", regions.stream().mapToDouble(Region::share).toArray());
        Check.present("solar", solar);
        Check.present("demand", demand);
        Check.present("economics", economics);
        Check.present("units", units);
        Check.present("workload", workload);
        if (!EMBEDDINGS.equals(workload) && !GENERATION.equals(workload)) {
            throw new IllegalArgumentException("workload: must be embeddings or generation, was " + workload);
        }
        markets = markets == null ? Map.of() : Map.copyOf(markets);
        if (!markets.containsKey(workload)) {
            throw new IllegalArgumentException("markets: must have an entry for the workload " + workload);
        }
        for (int i = 0; i < hardware.size(); i++) {
            try {
                hardware.get(i).throughput(workload);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("hardware[" + i + "]." + e.getMessage(), e);
            }
        }
        Check.present("thermal", thermal);
        Check.present("batteryWear", batteryWear);
        Check.present("controlPlane", controlPlane);
        if (hardware.size() > 16 || policies.size() > 30 || regions.size() > 100) {
            throw new IllegalArgumentException("hardware: at most 16 classes, 30 policies and 100 regions");
        }
    }

    public LocalDate start() {
        return LocalDate.parse(startDate);
    }

    public int stepsPerHour() {
        return 60 / stepMinutes;
    }

    public int stepsPerDay() {
        return 24 * stepsPerHour();
    }

    /** The market of the workload the fleet runs. */
    public Market market() {
        return markets.get(workload);
    }

    /** A copy with another opt-in rate. */
    public Scenario withOptInRate(double rate) {
        return new Scenario(name, startDate, stepMinutes, driving, charging, battery, hardware, rate, policies,
                regions, solar, demand, economics, units, workload, markets, thermal, batteryWear, controlPlane);
    }

    /** A copy running another workload. */
    public Scenario withWorkload(String newWorkload) {
        return new Scenario(name, startDate, stepMinutes, driving, charging, battery, hardware, optInRate, policies,
                regions, solar, demand, economics, units, newWorkload, markets, thermal, batteryWear, controlPlane);
    }

    /** A copy starting on another date (season, weekday). */
    public Scenario withStartDate(String date) {
        return new Scenario(name, date, stepMinutes, driving, charging, battery, hardware, optInRate, policies,
                regions, solar, demand, economics, units, workload, markets, thermal, batteryWear, controlPlane);
    }

    /** A copy with another market for the workload it runs. */
    public Scenario withMarket(Market market) {
        var copy = new java.util.HashMap<>(markets);
        copy.put(workload, market);
        return new Scenario(name, startDate, stepMinutes, driving, charging, battery, hardware, optInRate, policies,
                regions, solar, demand, economics, units, workload, copy, thermal, batteryWear, controlPlane);
    }

    /**
     * A copy for a sample of {@code sampleCars} standing for {@code representedCars}: demand (the market and any
     * fixed demand) shrinks by their ratio, so a sample meets the same demand per car as the whole fleet.
     */
    public Scenario sampleOf(long sampleCars, long representedCars) {
        double f = (double) sampleCars / representedCars;
        var scaledMarkets = new java.util.HashMap<String, Market>();
        markets.forEach((k, v) -> scaledMarkets.put(k, v.scaled(f)));
        Demand d = new Demand(demand.batchBacklogInferences() * f, demand.onlinePeakPerSecond() * f,
                demand.onlineHourlyShape(), demand.source());
        return new Scenario(name, startDate, stepMinutes, driving, charging, battery, hardware, optInRate, policies,
                regions, solar, d, economics, units, workload, scaledMarkets, thermal, batteryWear, controlPlane);
    }

    /** A copy with other hardware, charging or policies (for sensitivity runs). */
    public Scenario with(List<HardwareMix> newHardware, Charging newCharging, List<PolicyArchetype> newPolicies) {
        return new Scenario(name, startDate, stepMinutes, driving, newCharging, battery, newHardware, optInRate,
                newPolicies, regions, solar, demand, economics, units, workload, markets, thermal, batteryWear,
                controlPlane);
    }

    /** A copy with departure-aware unit sizing on or off. */
    public Scenario withDepartureAware(boolean on) {
        return new Scenario(name, startDate, stepMinutes, driving, charging, battery, hardware, optInRate, policies,
                regions, solar, demand, economics,
                new Units(on, units.targetUnitSeconds(), units.sizingMarginSeconds(), units.minInputs(),
                        units.source()), workload, markets, thermal, batteryWear, controlPlane);
    }
}
