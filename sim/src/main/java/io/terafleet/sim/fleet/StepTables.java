package io.terafleet.sim.fleet;

/**
 * What the kernel needs to jump over steps in which a parked car's state cannot change, tabulated once per run:
 * per owner kind, hardware and region, the next step at which the policy's time-of-day and solar factors allow
 * compute; per region, the next step on a new local day; per step, the first step of the next hour; and per owner
 * kind, hardware and region, whether the heat rules can ever stop such a car.
 */
final class StepTables {
    /**
     * Temperatures are compared with the thresholds with this much room: the relaxation's rounding stays far
     * below it, so a car whose bound is under a threshold by more never reaches it.
     */
    private static final double MARGIN_C = 1e-6;

    private final int hardwares;
    private final int regions;
    /** [step] first step of the next UTC hour. */
    final int[] nextHour;
    /** [region][step] first later step on another local day, or {@code steps}. */
    final int[][] nextDay;
    /**
     * [combination][step], combination {@link #combination}: first step at or after {@code step} (up to
     * {@code steps}, which is its own entry) at which the time-of-day and solar factors of {@link PolicyTable}
     * allow compute. A step allows it when its entry is itself.
     */
    private final int[][] nextAllowed;
    /** [combination][step]: first step at or after {@code step} at which those factors refuse, or {@code steps}. */
    private final int[][] allowedUntil;
    /** [(kind × hardware + hw) × regions + region]: whether a parked or driving car can ever trip a heat rule. */
    private final boolean[] mayHeat;

    StepTables(FleetModel m, PolicyTable table) {
        hardwares = m.hardware.length;
        regions = m.regions.length;
        int steps = m.steps;
        int sph = m.scenario.stepsPerHour();
        nextHour = new int[steps];
        for (int s = 0; s < steps; s++) {
            nextHour[s] = (s / sph + 1) * sph;
        }
        nextDay = new int[regions][steps];
        for (int r = 0; r < regions; r++) {
            int next = steps;
            for (int s = steps - 1; s >= 0; s--) {
                nextDay[r][s] = next;
                if (s > 0 && m.localDay[r][s - 1] != m.localDay[r][s]) {
                    next = s;
                }
            }
        }
        int policies = Math.max(0, m.kinds() - 1);
        nextAllowed = new int[policies * hardwares * regions * 2][];
        allowedUntil = new int[nextAllowed.length][];
        mayHeat = new boolean[policies * hardwares * regions];
        for (int kind = 0; kind < policies; kind++) {
            for (int hw = 0; hw < hardwares; hw++) {
                for (int r = 0; r < regions; r++) {
                    for (int solar = 0; solar < 2; solar++) {
                        int i = combination(kind, hw, r, solar == 1);
                        nextAllowed[i] = new int[steps + 1];
                        allowedUntil[i] = new int[steps + 1];
                        fill(m, table, kind, hw, r, solar == 1, nextAllowed[i], allowedUntil[i]);
                    }
                    mayHeat[(kind * hardwares + hw) * regions + r] = mayHeat(m, table, kind, hw, r);
                }
            }
        }
    }

    int combination(int kind, int hw, int region, boolean homeSolar) {
        return ((kind * hardwares + hw) * regions + region) * 2 + (homeSolar ? 1 : 0);
    }

    /** {@link #nextAllowed} for a car of an opted-in kind, at home with panels ({@code homeSolar}) or not. */
    int[] nextAllowed(int kind, int hw, int region, boolean homeSolar) {
        return nextAllowed[combination(kind, hw, region, homeSolar)];
    }

    /** Whether an opted-in car of this kind, hardware and region can ever be stopped by a heat rule. */
    boolean mayHeat(int kind, int hw, int region) {
        return mayHeat[(kind * hardwares + hw) * regions + region];
    }

    /** {@link #allowedUntil} for a car of an opted-in kind, at home with panels or not. */
    int[] allowedUntil(int kind, int hw, int region, boolean homeSolar) {
        return allowedUntil[combination(kind, hw, region, homeSolar)];
    }

    /** The step loop's time-of-day and solar factors, exactly as the kernel looks them up. */
    private static void fill(FleetModel m, PolicyTable table, int kind, int hw, int r, boolean homeSolar, int[] next,
                             int[] until) {
        int steps = m.steps;
        next[steps] = steps;
        until[steps] = steps;
        int timeBase = table.timeIndex(kind, r, 0);
        int solarBase = table.solarIndex(kind, hw, 0);
        float[] solar = m.solarKw[r];
        for (int s = steps - 1; s >= 0; s--) {
            int bucket = homeSolar ? Math.min(PolicyTable.SOLAR_BUCKETS - 1, (int) (solar[s] * 10))
                    : PolicyTable.SOLAR_BUCKETS;
            boolean ok = table.timeOk[timeBase + m.localSlot[r][s]] && table.solarOk[solarBase + bucket];
            next[s] = ok ? s : next[s + 1];
            until[s] = ok ? until[s + 1] : s;
        }
    }

    /**
     * Each temperature relaxes from the air at the start towards targets no higher than the air plus full sun plus
     * full compute (or the drive's rise), so it never exceeds the highest such target or its start. Below the trip
     * thresholds, the latches never close and the car's temperatures need not be followed.
     */
    private static boolean mayHeat(FleetModel m, PolicyTable table, int kind, int hw, int r) {
        Thermal th = m.scenario.thermal();
        double watts = m.hardware[hw].watts();
        double computeRise = Math.max(0, th.computeRiseC(watts));
        double packLoad = Math.max(0, th.packKelvinPerComputeKw() * watts / 1000);
        float[] air = m.ambientC[r];
        float[] sun = m.sun[r];
        double compute = air.length > 0 ? air[0] : Double.NEGATIVE_INFINITY;
        double pack = compute;
        for (int s = 0; s < air.length; s++) {
            double sunShare = Math.max(0, sun[s]);
            compute = Math.max(compute, air[s] + Math.max(0, th.cabinSunGainC()) * sunShare + computeRise);
            pack = Math.max(pack, air[s] + Math.max(th.packDrivingRiseC(),
                    Math.max(0, th.packSunGainC()) * sunShare + packLoad));
        }
        return compute >= table.computeTripC[kind] - MARGIN_C || pack >= table.packTripC[kind] - MARGIN_C;
    }
}
