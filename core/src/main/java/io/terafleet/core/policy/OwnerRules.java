package io.terafleet.core.policy;

import io.terafleet.core.vehicle.Eligibility.NotEligible;
import io.terafleet.core.vehicle.ReasonCodes;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The owner's limits, each a rule that returns why it forbids computing, or null; in evaluation order. */
final class OwnerRules {
    static final List<Function<Tick, NotEligible>> IN_ORDER = List.of(
            OwnerRules::notOptedIn,
            OwnerRules::notPluggedIn,
            OwnerRules::socBelowFloor,
            OwnerRules::packTooHot,
            OwnerRules::computeTooHot,
            OwnerRules::departureTooSoon,
            OwnerRules::chargeByDeparture,
            OwnerRules::powerOverLimit,
            OwnerRules::dailyBudgetSpent,
            OwnerRules::outsideTimeWindow,
            OwnerRules::priceTooHigh,
            OwnerRules::noSolarSurplus);

    private OwnerRules() {
    }

    private static NotEligible notOptedIn(Tick t) {
        return t.policy().optedIn() ? null
                : new NotEligible(ReasonCodes.NOT_OPTED_IN, "the owner has not opted this car in");
    }

    private static NotEligible notPluggedIn(Tick t) {
        return t.policy().requirePluggedIn() && !t.state().chargingCableConnected()
                ? new NotEligible(ReasonCodes.NOT_PLUGGED_IN, "the car is not plugged in") : null;
    }

    private static NotEligible socBelowFloor(Tick t) {
        double soc = t.state().stateOfChargePercent();
        double floor = t.policy().minStateOfChargePercent();
        return soc < floor ? new NotEligible(ReasonCodes.SOC_BELOW_FLOOR,
                "state of charge " + fmt(soc) + "% is below the owner's floor of " + fmt(floor) + "%") : null;
    }

    private static NotEligible packTooHot(Tick t) {
        return t.packTooHot() ? new NotEligible(ReasonCodes.PACK_TOO_HOT, thermalDetail("battery pack",
                t.state().packTemperatureC(), t.policy().maxPackTemperatureC(), t.policy())) : null;
    }

    private static NotEligible computeTooHot(Tick t) {
        return t.computeTooHot() ? new NotEligible(ReasonCodes.COMPUTE_TOO_HOT, thermalDetail("AI computer",
                t.state().computeTemperatureC(), t.policy().maxComputeTemperatureC(), t.policy())) : null;
    }

    private static NotEligible departureTooSoon(Tick t) {
        Duration margin = t.policy().departureMargin();
        return t.untilDeparture().filter(left -> left.compareTo(margin) <= 0)
                .map(left -> new NotEligible(ReasonCodes.DEPARTURE_TOO_SOON, "the owner departs at "
                        + t.state().nextDeparture().orElseThrow() + ", within the " + Durations.human(margin)
                        + " margin"))
                .orElse(null);
    }

    /** Applies only while plugged in: unplugged, the limit cannot be reached anyway and the SoC floor guards. */
    private static NotEligible chargeByDeparture(Tick t) {
        if (!t.policy().chargeByDeparture() || !t.state().chargingCableConnected()) {
            return null;
        }
        return t.untilDeparture().map(left -> chargeShortfall(t, left)).orElse(null);
    }

    private static NotEligible chargeShortfall(Tick t, Duration left) {
        double neededKwh = ChargeByDeparture.energyNeededKwh(t.state());
        if (neededKwh == 0) {
            return null; // at the limit already: only the departure margin matters, and that is its own rule
        }
        var needed = ChargeByDeparture.timeNeeded(t.state(), t.computeKw());
        if (needed.isEmpty()) {
            return new NotEligible(ReasonCodes.CHARGE_BY_DEPARTURE, fmt(neededKwh) + " kWh are still needed by "
                    + "departure and the charger (" + fmt(t.state().chargingPowerKw()) + " kW) has no headroom "
                    + "above the computer's " + fmt(t.computeKw()) + " kW");
        }
        Duration required = needed.get().plus(t.policy().departureMargin());
        if (left.compareTo(required) > 0) {
            return null;
        }
        return new NotEligible(ReasonCodes.CHARGE_BY_DEPARTURE, "reaching " + fmt(t.state().chargeLimitPercent())
                + "% needs " + fmt(neededKwh) + " kWh, " + Durations.human(needed.get()) + " at "
                + fmt(ChargeByDeparture.headroomKw(t.state(), t.computeKw())) + " kW while computing, plus a "
                + Durations.human(t.policy().departureMargin()) + " margin; departure is in "
                + Durations.human(left));
    }

    private static NotEligible powerOverLimit(Tick t) {
        double watts = t.hardware().watts();
        double limit = t.policy().maxComputePowerWatts();
        return watts > limit ? new NotEligible(ReasonCodes.POWER_OVER_LIMIT, t.hardware().name() + " draws "
                + fmt(watts) + " W, above the owner's limit of " + fmt(limit) + " W") : null;
    }

    /** Spent once what is left would not cover computing until the next decision. */
    private static NotEligible dailyBudgetSpent(Tick t) {
        Double budget = t.policy().dailyEnergyBudgetKwh();
        if (budget == null) {
            return null;
        }
        double used = t.usage().energyTodayKwh();
        double nextStretch = t.hardware().energyKwh(t.decisionInterval());
        return used + nextStretch > budget ? new NotEligible(ReasonCodes.DAILY_BUDGET_SPENT,
                kwh(used) + " used today, the owner's daily budget is " + kwh(budget)) : null;
    }

    private static NotEligible outsideTimeWindow(Tick t) {
        List<TimeWindow> windows = t.policy().allowedWindows();
        var local = t.localTime();
        if (windows.isEmpty() || windows.stream().anyMatch(w -> w.contains(local))) {
            return null;
        }
        return new NotEligible(ReasonCodes.OUTSIDE_TIME_WINDOW, "local time " + local + " (" + t.policy().zone()
                + ") is outside the allowed windows " + windows);
    }

    private static NotEligible priceTooHigh(Tick t) {
        Tariff tariff = t.policy().tariff();
        Double max = t.policy().maxPricePerKwh();
        if (tariff == null || max == null) {
            return null;
        }
        double price = tariff.priceAt(t.localTime());
        return price > max ? new NotEligible(ReasonCodes.PRICE_TOO_HIGH, "electricity costs " + fmt(price)
                + " per kWh now, the owner's limit is " + fmt(max)) : null;
    }

    /** Fails closed: an owner who asked for solar only gets no compute when the car cannot see the surplus. */
    private static NotEligible noSolarSurplus(Tick t) {
        if (!t.policy().solarSurplusOnly()) {
            return null;
        }
        Double surplus = t.state().solarSurplusKw();
        if (surplus == null) {
            return new NotEligible(ReasonCodes.NO_SOLAR_SURPLUS, "solar-only is set but the car has no solar signal");
        }
        return surplus < t.computeKw() ? new NotEligible(ReasonCodes.NO_SOLAR_SURPLUS, "solar surplus "
                + fmt(surplus) + " kW does not cover the computer's " + fmt(t.computeKw()) + " kW") : null;
    }

    private static String thermalDetail(String what, double temperature, double max, OwnerPolicy policy) {
        return what + " at " + fmt(temperature) + " °C reached the " + fmt(max) + " °C limit; resumes below "
                + fmt(max - policy.thermalHysteresisC()) + " °C";
    }

    /** Energy in kWh, or in Wh below 0.1 kWh: a small budget must not read as "0.00 kWh of 0.00 kWh". */
    private static String kwh(double value) {
        return value >= 0.1 || value == 0 ? fmt(value) + " kWh" : String.format(Locale.ROOT, "%.3g Wh", value * 1000);
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? PolicyChecks.format(value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
