package io.terafleet.core.policy;

import java.time.LocalTime;
import java.util.List;
import java.util.Objects;

/**
 * A time-of-use electricity tariff in local time: bands that do not overlap, and a base price for the rest of
 * the day.
 */
public record Tariff(double basePricePerKwh, List<TariffBand> bands) {
    public Tariff {
        if (!(basePricePerKwh >= 0 && Double.isFinite(basePricePerKwh))) {
            throw new IllegalArgumentException("basePricePerKwh: must be ≥ 0, was " + basePricePerKwh);
        }
        Objects.requireNonNull(bands, "bands: must not be null");
        bands = List.copyOf(bands);
        requireNoOverlap(bands);
    }

    public static Tariff flat(double pricePerKwh) {
        return new Tariff(pricePerKwh, List.of());
    }

    public double priceAt(LocalTime time) {
        return bands.stream().filter(band -> band.window().contains(time)).findFirst()
                .map(TariffBand::pricePerKwh).orElse(basePricePerKwh);
    }

    private static void requireNoOverlap(List<TariffBand> bands) {
        for (int i = 0; i < bands.size(); i++) {
            for (int j = i + 1; j < bands.size(); j++) {
                if (bands.get(i).window().overlaps(bands.get(j).window())) {
                    throw new IllegalArgumentException("bands[" + j + "]: " + bands.get(j).window()
                            + " overlaps bands[" + i + "] " + bands.get(i).window());
                }
            }
        }
    }
}
