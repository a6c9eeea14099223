package io.terafleet.sim.fleet;

/**
 * When cars drive. A day is made of tours (home → somewhere → home), two trips each; commuters' first tour goes to
 * work. Trip durations are drawn so the fleet drives {@code minutesPerDay} on average.
 *
 * @param tourWeights          probability of 0, 1, 2, ... tours on a day (2.5 trips/day = 1.25 tours)
 * @param minutesPerDay        mean driving time per car and day
 * @param commuterShare        share of cars that drive to work on a weekday
 * @param workDepartHourMean   mean local hour commuters leave home
 * @param workDepartHourSd     its standard deviation, hours
 * @param workDwellHoursMean   mean hours parked at work
 * @param workDwellHoursSd     its standard deviation, hours
 * @param errandStartHourMin   earliest local hour an errand tour starts
 * @param errandStartHourMax   latest local hour an errand tour starts
 * @param errandDwellHoursMean mean hours parked on an errand (exponential)
 * @param departureKnownShare  share of cars whose next departure the car knows (a charge timer or a learnt
 *                             routine); the others report none, so neither the charge rule nor unit sizing sees it
 * @param consumptionKwhPerHour battery energy used per hour of driving
 */
public record Driving(double[] tourWeights, double minutesPerDay, double commuterShare, double workDepartHourMean,
                      double workDepartHourSd, double workDwellHoursMean, double workDwellHoursSd,
                      double errandStartHourMin, double errandStartHourMax, double errandDwellHoursMean,
                      double departureKnownShare, double consumptionKwhPerHour, String source) {
    public Driving {
        Check.present("tourWeights", tourWeights);
        if (tourWeights.length == 0 || tourWeights.length > 5) {
            throw new IllegalArgumentException("tourWeights: must give 1 to 5 weights (0..4 tours), gave "
                    + tourWeights.length);
        }
        for (int i = 0; i < tourWeights.length; i++) {
            Check.nonNegative("tourWeights[" + i + "]", tourWeights[i]);
        }
        Check.sharesSumToOne("tourWeights", tourWeights);
        Check.within("minutesPerDay", minutesPerDay, 1, 600);
        Check.within("commuterShare", commuterShare, 0, 1);
        Check.within("workDepartHourMean", workDepartHourMean, 3, 14);
        Check.within("workDepartHourSd", workDepartHourSd, 0, 4);
        Check.within("workDwellHoursMean", workDwellHoursMean, 1, 12);
        Check.within("workDwellHoursSd", workDwellHoursSd, 0, 4);
        Check.within("errandStartHourMin", errandStartHourMin, 0, 23);
        Check.within("errandStartHourMax", errandStartHourMax, errandStartHourMin, 23);
        Check.within("errandDwellHoursMean", errandDwellHoursMean, 0.1, 12);
        Check.within("departureKnownShare", departureKnownShare, 0, 1);
        Check.within("consumptionKwhPerHour", consumptionKwhPerHour, 0, 100);
        Check.source(source);
    }

    /** Mean tours per day, from the weights. */
    public double meanTours() {
        double mean = 0;
        for (int i = 0; i < tourWeights.length; i++) {
            mean += i * tourWeights[i];
        }
        return mean;
    }
}
