package io.terafleet.sim.fleet;

/**
 * What an owner is paid: {@code pricePerThousandInferences} for each 1,000 inferences their car completes; the
 * energy it used is then costed at their tariff to give the net.
 */
public record Economics(double pricePerThousandInferences, String source) {
    public Economics {
        Check.nonNegative("pricePerThousandInferences", pricePerThousandInferences);
        Check.source(source);
    }
}
