package io.terafleet.sim.fleet;

/**
 * The battery wear compute costs an owner when it runs from the traction battery (unplugged, or beyond what the
 * charger gives): the pack's replacement price spread over the energy it can cycle before its end of life (a linear
 * cycle-ageing cost, as in the vehicle-to-grid literature). Calendar ageing happens anyway and is not charged.
 *
 * @param packPricePerKwh          replacement price of a pack per kWh of capacity
 * @param equivalentFullCycles     full cycles until end of life (about 80% of the capacity left)
 */
public record BatteryWear(double packPricePerKwh, double equivalentFullCycles, String source) {
    public BatteryWear {
        Check.nonNegative("packPricePerKwh", packPricePerKwh);
        Check.within("equivalentFullCycles", equivalentFullCycles, 1, 1e6);
        Check.source(source);
    }

    /** Wear cost of one kWh cycled through the pack. */
    public double costPerKwh() {
        return packPricePerKwh / equivalentFullCycles;
    }
}
