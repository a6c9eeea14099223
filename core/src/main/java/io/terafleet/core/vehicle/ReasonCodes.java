package io.terafleet.core.vehicle;

/**
 * The stable, machine-readable reasons a car may not compute ({@link Eligibility.NotEligible#reason()}).
 * Dashboards, statements and tests match on these strings, so they never change once published.
 */
public final class ReasonCodes {
    // Safety: not settable by anyone.
    public static final String NOT_PARKED = "not_parked";
    public static final String MOVING = "moving";
    public static final String DRIVER_PRESENT = "driver_present";
    public static final String UNLOCKED = "unlocked";

    // Owner policy.
    public static final String NOT_OPTED_IN = "not_opted_in";
    public static final String NOT_PLUGGED_IN = "not_plugged_in";
    public static final String SOC_BELOW_FLOOR = "soc_below_floor";
    public static final String PACK_TOO_HOT = "pack_too_hot";
    public static final String COMPUTE_TOO_HOT = "compute_too_hot";
    public static final String DEPARTURE_TOO_SOON = "departure_too_soon";
    public static final String CHARGE_BY_DEPARTURE = "charge_by_departure";
    public static final String POWER_OVER_LIMIT = "power_over_limit";
    public static final String DAILY_BUDGET_SPENT = "daily_budget_spent";
    public static final String OUTSIDE_TIME_WINDOW = "outside_time_window";
    public static final String PRICE_TOO_HIGH = "price_too_high";
    public static final String NO_SOLAR_SURPLUS = "no_solar_surplus";

    // Transfers (downloads of models and inputs, uploads of results).
    public static final String NO_CONNECTIVITY = "no_connectivity";
    public static final String WIFI_ONLY = "wifi_only";
    public static final String CELLULAR_CAP_REACHED = "cellular_cap_reached";

    private ReasonCodes() {
    }
}
