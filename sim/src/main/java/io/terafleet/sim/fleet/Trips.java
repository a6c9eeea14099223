package io.terafleet.sim.fleet;

/**
 * One car's trips over the simulation, drawn from its own random stream day by day: the step each trip leaves, the
 * step it arrives and where it goes, in step order. One per kernel, drawn anew for each car (no object per car).
 */
final class Trips {
    static final int HOME = 0;
    static final int WORK = 1;
    static final int OTHER = 2;
    private static final int MAX_TRIPS_PER_DAY = 10;

    final int[] depart;
    final int[] arrive;
    final byte[] dest;
    /** Trips drawn for the current car. */
    int count;
    private final FleetModel m;
    private final double[] tourCumulative;
    private final double tripStepsMean;
    private final double[] tourStart = new double[8];
    private final double[] tourDwell = new double[8];
    private final boolean[] tourWork = new boolean[8];

    Trips(FleetModel model) {
        this.m = model;
        int capacity = (model.days + 2) * MAX_TRIPS_PER_DAY;
        depart = new int[capacity];
        arrive = new int[capacity];
        dest = new byte[capacity];
        Driving d = model.scenario.driving();
        tourCumulative = FleetModel.cumulative(d.tourWeights());
        double meanTours = Math.max(0.1, d.meanTours());
        tripStepsMean = d.minutesPerDay() / (2 * meanTours) / model.scenario.stepMinutes();
    }

    /** Draws the car's trips for every local day touching the simulation, in step order. */
    void draw(Rng rng, int r, boolean commuter) {
        Driving d = m.scenario.driving();
        double stepsPerHour = m.scenario.stepsPerHour();
        count = 0;
        for (int day = -1; day <= m.days; day++) {
            int dayStart = m.dayStartStep[r][day + 1];
            int dayEnd = day < m.days ? m.dayStartStep[r][day + 2] : dayStart + m.stepsPerDay;
            int tours = FleetModel.pick(tourCumulative, rng.nextDouble());
            boolean commute = commuter && m.weekday[day + 1] && tours > 0;
            for (int i = 0; i < tours; i++) {
                tourWork[i] = commute && i == 0;
                if (tourWork[i]) {
                    tourStart[i] = d.workDepartHourMean() + d.workDepartHourSd() * rng.nextGaussian();
                    tourDwell[i] = d.workDwellHoursMean() + d.workDwellHoursSd() * rng.nextGaussian();
                } else {
                    tourStart[i] = d.errandStartHourMin()
                            + (d.errandStartHourMax() - d.errandStartHourMin()) * rng.nextDouble();
                    tourDwell[i] = -d.errandDwellHoursMean() * Math.log(Math.max(1e-9, rng.nextDouble()));
                }
            }
            sortTours(tours);
            int cursor = dayStart;
            for (int i = 0; i < tours; i++) {
                int out = Math.max(cursor, dayStart + (int) Math.round(tourStart[i] * stepsPerHour));
                int there = out + tripSteps(rng);
                int back = there + Math.max(1, (int) Math.round(tourDwell[i] * stepsPerHour));
                int home = back + tripSteps(rng);
                if (home >= dayEnd) {
                    continue; // the tour does not fit in the day: the owner skips it
                }
                add(out, there, tourWork[i] ? WORK : OTHER);
                add(back, home, HOME);
                cursor = home + 1;
            }
        }
    }

    /** Trip length: uniform between half and one and a half times the mean, so the fleet mean is kept. */
    private int tripSteps(Rng rng) {
        return Math.max(1, (int) Math.round(tripStepsMean * (0.5 + rng.nextDouble())));
    }

    private void add(int from, int to, int where) {
        depart[count] = from;
        arrive[count] = to;
        dest[count] = (byte) where;
        count++;
    }

    private void sortTours(int n) {
        for (int i = 1; i < n; i++) {
            for (int j = i; j > 0 && tourStart[j] < tourStart[j - 1]; j--) {
                swap(tourStart, j);
                swap(tourDwell, j);
                boolean w = tourWork[j];
                tourWork[j] = tourWork[j - 1];
                tourWork[j - 1] = w;
            }
        }
    }

    private static void swap(double[] a, int j) {
        double x = a[j];
        a[j] = a[j - 1];
        a[j - 1] = x;
    }
}
