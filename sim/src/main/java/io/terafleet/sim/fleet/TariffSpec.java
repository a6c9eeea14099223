package io.terafleet.sim.fleet;

import io.terafleet.core.policy.Tariff;
import io.terafleet.core.policy.TariffBand;
import io.terafleet.core.policy.TimeWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A region's time-of-use tariff as written in the scenario: a base price and bands {@code "16:00-21:00": 0.32}.
 * It becomes core's {@link Tariff}, which rejects overlapping bands.
 */
public record TariffSpec(double basePricePerKwh, Map<String, Double> bands) {
    public TariffSpec {
        Check.nonNegative("basePricePerKwh", basePricePerKwh);
        bands = bands == null ? Map.of() : Map.copyOf(bands);
        toTariff(basePricePerKwh, bands);
    }

    public Tariff toTariff() {
        return toTariff(basePricePerKwh, bands);
    }

    private static Tariff toTariff(double basePricePerKwh, Map<String, Double> bands) {
        List<TariffBand> list = new ArrayList<>();
        for (var band : bands.entrySet()) {
            TimeWindow window;
            try {
                window = TimeWindow.parse(band.getKey());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bands: " + e.getMessage());
            }
            Check.nonNegative("bands[\"" + band.getKey() + "\"]", band.getValue() == null ? -1 : band.getValue());
            list.add(new TariffBand(window, band.getValue()));
        }
        try {
            return new Tariff(basePricePerKwh, list);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bands: " + e.getMessage());
        }
    }
}
