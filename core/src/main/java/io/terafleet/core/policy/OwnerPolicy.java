package io.terafleet.core.policy;

import io.terafleet.core.vehicle.Connectivity;
import io.terafleet.core.vehicle.Eligibility;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * What the owner allows their car to do. Being parked is not a setting: it is always required
 * ({@code SafetyRules}). Field names are the JSON names of the policy file. Defaults ({@link #defaults()}) protect
 * the owner; in particular {@code optedIn} is false until the owner says otherwise, because computing costs them
 * energy and needs their consent.
 *
 * @param optedIn                 the owner agreed to lend the car (default false)
 * @param requirePluggedIn        compute only while plugged in (default true)
 * @param minStateOfChargePercent never compute below this state of charge (default 50)
 * @param chargeByDeparture       keep enough charger headroom to reach the charge limit by the next departure
 *                                (default true)
 * @param departureMarginMinutes  stop this long before a departure; also the slack on the charge rule (default 30)
 * @param maxPackTemperatureC     stop when the battery pack reaches this (default 45)
 * @param maxComputeTemperatureC  stop when the AI computer reaches this (default 85)
 * @param thermalHysteresisC      after a stop, resume only below max − this (default 5)
 * @param maxComputePowerWatts    never draw more than this for compute (default 1000)
 * @param dailyEnergyBudgetKwh    compute energy per local day, or null for no budget (default 10)
 * @param zone                    the owner's time zone for windows, tariff and the daily budget (default UTC)
 * @param allowedWindows          local times when computing is allowed; empty means any time (default empty)
 * @param tariff                  the owner's time-of-use tariff, or null when unknown (default null)
 * @param maxPricePerKwh          compute only while the tariff price is at or below this; null for no limit;
 *                                needs a tariff (default null)
 * @param solarSurplusOnly        compute only on home solar surplus covering the compute power (default false)
 * @param wifiOnlyTransfers       move data only over Wi-Fi (default true)
 * @param monthlyCellularCapBytes cellular bytes per calendar month, or null for no cap (default null)
 */
public record OwnerPolicy(
        boolean optedIn,
        boolean requirePluggedIn,
        double minStateOfChargePercent,
        boolean chargeByDeparture,
        int departureMarginMinutes,
        double maxPackTemperatureC,
        double maxComputeTemperatureC,
        double thermalHysteresisC,
        double maxComputePowerWatts,
        Double dailyEnergyBudgetKwh,
        ZoneId zone,
        List<TimeWindow> allowedWindows,
        Tariff tariff,
        Double maxPricePerKwh,
        boolean solarSurplusOnly,
        boolean wifiOnlyTransfers,
        Long monthlyCellularCapBytes) {

    private static final OwnerPolicy DEFAULTS = new OwnerPolicy(false, true, 50, true, 30, 45, 85, 5, 1000, 10.0,
            ZoneId.of("UTC"), List.of(), null, null, false, true, null);

    public OwnerPolicy {
        PolicyChecks.within("minStateOfChargePercent", minStateOfChargePercent, 0, 100);
        PolicyChecks.within("departureMarginMinutes", departureMarginMinutes, 0, 24 * 60);
        PolicyChecks.within("maxPackTemperatureC", maxPackTemperatureC, 0, 100);
        PolicyChecks.within("maxComputeTemperatureC", maxComputeTemperatureC, 0, 150);
        PolicyChecks.within("thermalHysteresisC", thermalHysteresisC, 0, 50);
        PolicyChecks.positive("maxComputePowerWatts", maxComputePowerWatts);
        PolicyChecks.nonNegativeOrNull("dailyEnergyBudgetKwh", dailyEnergyBudgetKwh);
        Objects.requireNonNull(zone, "zone: must not be null");
        Objects.requireNonNull(allowedWindows, "allowedWindows: must not be null");
        allowedWindows = List.copyOf(allowedWindows);
        PolicyChecks.nonNegativeOrNull("maxPricePerKwh", maxPricePerKwh);
        if (maxPricePerKwh != null && tariff == null) {
            throw new IllegalArgumentException("maxPricePerKwh: needs a tariff to compare against, tariff is not set");
        }
        if (monthlyCellularCapBytes != null && monthlyCellularCapBytes < 0) {
            throw new IllegalArgumentException("monthlyCellularCapBytes: must be ≥ 0, was " + monthlyCellularCapBytes);
        }
    }

    public static OwnerPolicy defaults() {
        return DEFAULTS;
    }

    /** A builder starting from {@link #defaults()}. */
    public static OwnerPolicyBuilder builder() {
        return new OwnerPolicyBuilder(DEFAULTS);
    }

    public OwnerPolicyBuilder toBuilder() {
        return new OwnerPolicyBuilder(this);
    }

    public Duration departureMargin() {
        return Duration.ofMinutes(departureMarginMinutes);
    }

    /** Whether {@code bytes} may be moved now; see {@link TransferRules}. */
    public Eligibility mayTransfer(long bytes, Connectivity connectivity, long cellularBytesUsedThisMonth) {
        return TransferRules.mayTransfer(this, bytes, connectivity, cellularBytesUsedThisMonth);
    }
}
