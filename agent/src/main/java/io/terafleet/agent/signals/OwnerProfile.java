package io.terafleet.agent.signals;

import java.util.Random;

/**
 * One simulated owner's habits and equipment, drawn once per seed. The shares are plausible guesses for a
 * European EV fleet, not survey data.
 *
 * @param batteryCapacityKwh  net pack size
 * @param homeChargerKw       the home wall box
 * @param chargeLimitPercent  the charge limit the owner keeps
 * @param kwhPerKm            consumption while driving
 * @param commuter            drives to work on weekdays
 * @param commuteKm           one way
 * @param plugInProbability   chance of plugging in on arriving home
 * @param workChargerKw       a charger at work, or 0 when there is none
 * @param hasSolar            the car sees a home solar-surplus signal
 * @param setsDepartureTimer  the owner sets a charge-by departure time before commute mornings
 */
public record OwnerProfile(double batteryCapacityKwh, double homeChargerKw, double chargeLimitPercent,
                           double kwhPerKm, boolean commuter, double commuteKm, double plugInProbability,
                           double workChargerKw, boolean hasSolar, boolean setsDepartureTimer) {
    private static final double[] PACKS_KWH = {57.5, 60, 75, 75, 82, 100};
    private static final double[] HOME_CHARGERS_KW = {3.7, 7.4, 7.4, 11, 11};
    private static final double[] LIMITS_PERCENT = {80, 80, 85, 90};

    static OwnerProfile draw(Random random) {
        return new OwnerProfile(
                pick(random, PACKS_KWH),
                pick(random, HOME_CHARGERS_KW),
                pick(random, LIMITS_PERCENT),
                0.15 + random.nextDouble() * 0.05,
                random.nextDouble() < 0.85,
                8 + random.nextDouble() * 35,
                0.5 + random.nextDouble() * 0.45,
                random.nextDouble() < 0.2 ? 11 : 0,
                random.nextDouble() < 0.3,
                random.nextDouble() < 0.6);
    }

    private static double pick(Random random, double[] choices) {
        return choices[random.nextInt(choices.length)];
    }
}
