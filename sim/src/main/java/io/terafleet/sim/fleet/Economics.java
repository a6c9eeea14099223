package io.terafleet.sim.fleet;

/**
 * What an owner is paid: {@code ownerShareOfPrice} of the fleet's market price (see {@link Market}) for each item
 * their car completes; the energy it used is then costed at their tariff, and the battery wear at the scenario's
 * {@link BatteryWear}, to give the net.
 */
public record Economics(double ownerShareOfPrice, String source) {
    public Economics {
        Check.within("ownerShareOfPrice", ownerShareOfPrice, 0, 1);
        Check.source(source);
    }
}
