package io.terafleet.sim.fleet;

import java.util.List;

/** One option of a mix: a value (kW, kWh) and the share of the fleet that has it. */
public record Share(double value, double share) {
    public Share {
        Check.positive("value", value);
        Check.within("share", share, 0, 1);
    }

    static void requireMix(String field, List<Share> mix) {
        Check.sharesSumToOne(field, mix.stream().mapToDouble(Share::share).toArray());
    }
}
