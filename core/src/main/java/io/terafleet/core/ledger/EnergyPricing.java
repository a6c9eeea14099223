package io.terafleet.core.ledger;

import io.terafleet.core.policy.Tariff;
import java.time.LocalTime;

/** Energy in exact units: milliwatt-hours, and micro-units of money per kWh. */
public final class EnergyPricing {
    private static final long MILLI_WH_PER_KWH = 1_000_000L;

    private EnergyPricing() {
    }

    /** The owner's tariff at the local time the work ran, in micro-units per kWh (the tariff's own currency). */
    public static long microsPerKwh(Tariff tariff, LocalTime localTime) {
        return Math.round(tariff.priceAt(localTime) * Money.MICROS_PER_UNIT);
    }

    /** A car's reported watt-hours as whole milliwatt-hours; a missing or negative report is 0. */
    public static long milliWh(Double energyWh) {
        if (energyWh == null || !(energyWh > 0) || !Double.isFinite(energyWh)) {
            return 0;
        }
        return Math.round(energyWh * 1000);
    }

    /** What {@code milliWh} costs at {@code microsPerKwh}, rounded half up to the micro-unit. */
    public static long costMicros(long milliWh, long microsPerKwh) {
        if (milliWh < 0 || microsPerKwh < 0) {
            throw new IllegalArgumentException("milliWh, microsPerKwh: must be ≥ 0, were " + milliWh + ", " + microsPerKwh);
        }
        long scaled = Math.multiplyExact(milliWh, microsPerKwh);
        return Math.addExact(scaled, MILLI_WH_PER_KWH / 2) / MILLI_WH_PER_KWH;
    }
}
