package io.terafleet.sim.harness;

import java.util.function.Supplier;

/** Ids that are the same in every run of a seed: a prefix, the seed and a counter. */
final class SeededIds implements Supplier<String> {
    private final String prefix;
    private long next;

    SeededIds(String prefix, long seed) {
        this.prefix = prefix + "-" + seed + "-";
    }

    @Override
    public synchronized String get() {
        return prefix + next++;
    }
}
