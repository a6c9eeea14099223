package io.terafleet.core.policy;

import java.time.ZoneId;
import java.util.List;

/** Changes a few settings of an {@link OwnerPolicy}; {@link #build()} validates the result. */
public final class OwnerPolicyBuilder {
    private boolean optedIn;
    private boolean requirePluggedIn;
    private double minStateOfChargePercent;
    private boolean chargeByDeparture;
    private int departureMarginMinutes;
    private double maxPackTemperatureC;
    private double maxComputeTemperatureC;
    private double thermalHysteresisC;
    private double maxComputePowerWatts;
    private Double dailyEnergyBudgetKwh;
    private ZoneId zone;
    private List<TimeWindow> allowedWindows;
    private Tariff tariff;
    private Double maxPricePerKwh;
    private boolean solarSurplusOnly;
    private boolean wifiOnlyTransfers;
    private Long monthlyCellularCapBytes;

    OwnerPolicyBuilder(OwnerPolicy from) {
        optedIn = from.optedIn();
        requirePluggedIn = from.requirePluggedIn();
        minStateOfChargePercent = from.minStateOfChargePercent();
        chargeByDeparture = from.chargeByDeparture();
        departureMarginMinutes = from.departureMarginMinutes();
        maxPackTemperatureC = from.maxPackTemperatureC();
        maxComputeTemperatureC = from.maxComputeTemperatureC();
        thermalHysteresisC = from.thermalHysteresisC();
        maxComputePowerWatts = from.maxComputePowerWatts();
        dailyEnergyBudgetKwh = from.dailyEnergyBudgetKwh();
        zone = from.zone();
        allowedWindows = from.allowedWindows();
        tariff = from.tariff();
        maxPricePerKwh = from.maxPricePerKwh();
        solarSurplusOnly = from.solarSurplusOnly();
        wifiOnlyTransfers = from.wifiOnlyTransfers();
        monthlyCellularCapBytes = from.monthlyCellularCapBytes();
    }

    public OwnerPolicy build() {
        return new OwnerPolicy(optedIn, requirePluggedIn, minStateOfChargePercent, chargeByDeparture,
                departureMarginMinutes, maxPackTemperatureC, maxComputeTemperatureC, thermalHysteresisC,
                maxComputePowerWatts, dailyEnergyBudgetKwh, zone, allowedWindows, tariff, maxPricePerKwh,
                solarSurplusOnly, wifiOnlyTransfers, monthlyCellularCapBytes);
    }

    public OwnerPolicyBuilder optedIn(boolean value) {
        optedIn = value;
        return this;
    }

    public OwnerPolicyBuilder requirePluggedIn(boolean value) {
        requirePluggedIn = value;
        return this;
    }

    public OwnerPolicyBuilder minStateOfChargePercent(double value) {
        minStateOfChargePercent = value;
        return this;
    }

    public OwnerPolicyBuilder chargeByDeparture(boolean value) {
        chargeByDeparture = value;
        return this;
    }

    public OwnerPolicyBuilder departureMarginMinutes(int value) {
        departureMarginMinutes = value;
        return this;
    }

    public OwnerPolicyBuilder maxPackTemperatureC(double value) {
        maxPackTemperatureC = value;
        return this;
    }

    public OwnerPolicyBuilder maxComputeTemperatureC(double value) {
        maxComputeTemperatureC = value;
        return this;
    }

    public OwnerPolicyBuilder thermalHysteresisC(double value) {
        thermalHysteresisC = value;
        return this;
    }

    public OwnerPolicyBuilder maxComputePowerWatts(double value) {
        maxComputePowerWatts = value;
        return this;
    }

    public OwnerPolicyBuilder dailyEnergyBudgetKwh(Double value) {
        dailyEnergyBudgetKwh = value;
        return this;
    }

    public OwnerPolicyBuilder zone(ZoneId value) {
        zone = value;
        return this;
    }

    public OwnerPolicyBuilder allowedWindows(List<TimeWindow> value) {
        allowedWindows = value;
        return this;
    }

    public OwnerPolicyBuilder tariff(Tariff value) {
        tariff = value;
        return this;
    }

    public OwnerPolicyBuilder maxPricePerKwh(Double value) {
        maxPricePerKwh = value;
        return this;
    }

    public OwnerPolicyBuilder solarSurplusOnly(boolean value) {
        solarSurplusOnly = value;
        return this;
    }

    public OwnerPolicyBuilder wifiOnlyTransfers(boolean value) {
        wifiOnlyTransfers = value;
        return this;
    }

    public OwnerPolicyBuilder monthlyCellularCapBytes(Long value) {
        monthlyCellularCapBytes = value;
        return this;
    }
}
