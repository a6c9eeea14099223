package io.terafleet.core.policy;

import java.util.Objects;

/** One time-of-use band: what a kWh costs during {@code window}, in the owner's currency. */
public record TariffBand(TimeWindow window, double pricePerKwh) {
    public TariffBand {
        Objects.requireNonNull(window, "window: must not be null");
        if (!(pricePerKwh >= 0 && Double.isFinite(pricePerKwh))) {
            throw new IllegalArgumentException("pricePerKwh: must be ≥ 0, was " + pricePerKwh);
        }
    }
}
