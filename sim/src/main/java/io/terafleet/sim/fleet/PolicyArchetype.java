package io.terafleet.sim.fleet;

import io.terafleet.core.policy.OwnerPolicy;
import io.terafleet.core.policy.Tariff;
import io.terafleet.core.policy.TimeWindow;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A kind of owner among those who opted in: the settings of core's {@link OwnerPolicy} they choose. Fields left
 * null keep the {@link OwnerPolicy#defaults()}; the zone and tariff come from the car's region.
 *
 * @param share of opted-in owners with this policy
 */
public record PolicyArchetype(String name, double share, Boolean requirePluggedIn, Double minStateOfChargePercent,
                              Boolean chargeByDeparture, Integer departureMarginMinutes, Double maxComputePowerWatts,
                              Double dailyEnergyBudgetKwh, List<String> allowedWindows, Double maxPricePerKwh,
                              Boolean solarSurplusOnly, String source) {
    public PolicyArchetype {
        Check.present("name", name);
        Check.within("share", share, 0, 1);
        allowedWindows = allowedWindows == null ? List.of() : List.copyOf(allowedWindows);
        for (int i = 0; i < allowedWindows.size(); i++) {
            try {
                TimeWindow.parse(allowedWindows.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("allowedWindows[" + i + "]: " + e.getMessage());
            }
        }
        Check.source(source);
    }

    /** The owner policy of an opted-in owner of this kind living in {@code zone} on {@code tariff}. */
    public OwnerPolicy toPolicy(ZoneId zone, Tariff tariff) {
        var builder = OwnerPolicy.builder().optedIn(true).zone(zone).tariff(tariff);
        if (requirePluggedIn != null) {
            builder.requirePluggedIn(requirePluggedIn);
        }
        if (minStateOfChargePercent != null) {
            builder.minStateOfChargePercent(minStateOfChargePercent);
        }
        if (chargeByDeparture != null) {
            builder.chargeByDeparture(chargeByDeparture);
        }
        if (departureMarginMinutes != null) {
            builder.departureMarginMinutes(departureMarginMinutes);
        }
        if (maxComputePowerWatts != null) {
            builder.maxComputePowerWatts(maxComputePowerWatts);
        }
        if (dailyEnergyBudgetKwh != null) {
            builder.dailyEnergyBudgetKwh(dailyEnergyBudgetKwh < 0 ? null : dailyEnergyBudgetKwh);
        }
        List<TimeWindow> windows = new ArrayList<>();
        allowedWindows.forEach(w -> windows.add(TimeWindow.parse(w)));
        builder.allowedWindows(windows);
        if (maxPricePerKwh != null) {
            builder.maxPricePerKwh(maxPricePerKwh);
        }
        if (solarSurplusOnly != null) {
            builder.solarSurplusOnly(solarSurplusOnly);
        }
        return builder.build();
    }
}
