package io.terafleet.sim.fleet;

import java.util.List;

/**
 * Where cars can plug in and how often owners do.
 *
 * @param homeChargerShare      share of cars with a charger where they park overnight
 * @param homePlugProbability   chance an owner with a home charger plugs in on arriving home
 * @param workChargerShare      share of commuters with a charger at work
 * @param workPlugProbability   chance such a commuter plugs in at work
 * @param publicPlugProbability chance of plugging in on an errand stop
 * @param chargers              home charger classes and their shares; the first is also used at work and in public
 * @param chargeLimitPercent    the owners' charge limit
 */
public record Charging(double homeChargerShare, double homePlugProbability, double workChargerShare,
                       double workPlugProbability, double publicPlugProbability, List<Share> chargers,
                       double chargeLimitPercent, String source) {
    public Charging {
        Check.within("homeChargerShare", homeChargerShare, 0, 1);
        Check.within("homePlugProbability", homePlugProbability, 0, 1);
        Check.within("workChargerShare", workChargerShare, 0, 1);
        Check.within("workPlugProbability", workPlugProbability, 0, 1);
        Check.within("publicPlugProbability", publicPlugProbability, 0, 1);
        chargers = Check.nonEmpty("chargers", chargers);
        Share.requireMix("chargers", chargers);
        Check.within("chargeLimitPercent", chargeLimitPercent, 1, 100);
        Check.source(source);
    }
}
