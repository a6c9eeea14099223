package io.terafleet.core.policy;

/**
 * What the car has already used against the owner's budgets.
 *
 * @param energyTodayKwh         compute energy on the owner's current local day (see {@code DailyEnergyMeter})
 * @param cellularBytesThisMonth bytes moved over cellular this calendar month
 */
public record UsageSoFar(double energyTodayKwh, long cellularBytesThisMonth) {
    public static final UsageSoFar NONE = new UsageSoFar(0, 0);

    public UsageSoFar {
        if (!(energyTodayKwh >= 0 && Double.isFinite(energyTodayKwh))) {
            throw new IllegalArgumentException("energyTodayKwh: must be ≥ 0, was " + energyTodayKwh);
        }
        if (cellularBytesThisMonth < 0) {
            throw new IllegalArgumentException("cellularBytesThisMonth: must be ≥ 0, was " + cellularBytesThisMonth);
        }
    }
}
