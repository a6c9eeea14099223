package io.terafleet.sim.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Every assumption of a scenario with its source; a source that says it guesses or estimates is flagged. */
public final class Assumptions {
    private static final Pattern GUESS = Pattern.compile("(?i)\\b(guess|guesses|assumption|estimate|estimated)\\b");

    public record Assumption(String name, String source, boolean guess) {
    }

    private Assumptions() {
    }

    public static List<Assumption> of(Scenario s) {
        List<Assumption> out = new ArrayList<>();
        add(out, "driving", s.driving().source());
        add(out, "charging", s.charging().source());
        add(out, "battery", s.battery().source());
        add(out, "battery wear", s.batteryWear().source());
        add(out, "thermal model", s.thermal().source());
        add(out, "solar", s.solar().source());
        add(out, "demand shape", s.demand().source());
        add(out, "economics", s.economics().source());
        add(out, "units", s.units().source());
        add(out, "coordinator tier", s.controlPlane().source());
        add(out, "coordinator tier: connected cars per coordinator",
                s.controlPlane().connectedCarsPerCoordinatorSource());
        add(out, "coordinator tier: units per cell", s.controlPlane().unitsPerSecondPerCellSource());
        s.markets().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e -> {
            add(out, "market " + e.getKey(), e.getValue().source());
            e.getValue().alternatives().forEach(a -> add(out, "market " + e.getKey() + ": " + a.name(), a.source()));
        });
        s.hardware().forEach(h -> add(out, "hardware " + h.name(), h.source()));
        s.policies().forEach(p -> add(out, "policy " + p.name(), p.source()));
        for (Region r : s.regions()) {
            add(out, "region " + r.name(), r.source());
            if (r.climate() != null) {
                add(out, "climate " + r.name(), r.climate().source());
            }
        }
        return out;
    }

    private static void add(List<Assumption> out, String name, String source) {
        out.add(new Assumption(name, source, GUESS.matcher(source).find()));
    }
}
