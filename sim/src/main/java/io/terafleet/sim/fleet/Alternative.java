package io.terafleet.sim.fleet;

/**
 * A datacenter way to do the same work: what it rents for per hour and how many items (inferences, tokens) it
 * does per second on the same model.
 */
public record Alternative(String name, double hourlyPrice, double itemsPerSecond, String source) {
    public Alternative {
        Check.present("name", name);
        Check.positive("hourlyPrice", hourlyPrice);
        Check.positive("itemsPerSecond", itemsPerSecond);
        Check.source(source);
    }

    /** What 1,000 items cost on it, fully used. */
    public double pricePerThousand() {
        return hourlyPrice / (itemsPerSecond * 3.6);
    }
}
