package io.terafleet.sim.fleet;

import io.terafleet.core.scheduling.UnitSizing;

/**
 * Runs one car at a time through every step of the simulation (cars only meet through demand, which a pass before
 * fixes per step), so the car's state lives in local variables and the hot loop only reads arrays.
 *
 * <p>Per step a parked car asks the {@link PolicyTable} whether it may compute, computes if demand needs it, and
 * runs work units sized by core's {@link UnitSizing}. A unit still running when the car stops being eligible is
 * preempted: its compute so far is wasted.
 */
final class CarKernel {
    private static final int HOME = Trips.HOME;
    private static final int WORK = Trips.WORK;

    private final FleetModel m;
    private final PolicyTable table;
    private final CarPopulation pop;
    private final UnitSizing sizing;
    private final long seed;
    private final Rng rng = new Rng();
    /** The running car's sums for its current hour, added to the accumulator a cell at a time. */
    private final HourSums hour = new HourSums();
    private final Trips plan;
    private final int[] depart;
    private final int[] arrive;
    private final byte[] dest;
    private final double[] ownerMarginSeconds;
    private final int[] unitInputs;
    /** Per hardware: how long a full unit runs, and sizing's constants, read once rather than per step. */
    private final double[] fullUnitSeconds;
    private final boolean departureAware;
    private final double sizingMarginSeconds;
    /** Core's {@link UnitSizing#inputsFor} constants in seconds, so the kernel cuts units without boxing. */
    private final double targetUnitSeconds;
    private final double sizingMarginExactSeconds;
    private final int minInputs;
    private final double fallbackThroughput;
    /** Tests only: run opted-out cars through the step loop too, to check {@link #countIdle} against it. */
    boolean stepEveryCar;
    /** Set only for a traced run ({@link FleetSimulator#traceCars}); null in big runs. */
    private final TimelineRecorder recorder;
    /** [step] first cell of the step's UTC hour ({@code hour * regions}): no division per car-step. */
    private final int[] hourCell;
    private final int stepsPerHour;
    /** Where parked steps that cannot change the car's state end (see {@link StepTables}). */
    private final StepTables jumps;
    /** Trips of the car being run ({@link Trips#count}). */
    private int trips;
    /** Seconds into the unit now running (0: none) and that unit's length; results of {@link #runUnits}. */
    private double unitElapsed;
    private double unitLength;
    /** Units leased in the step just run by {@link #runUnits}. */
    private int startedUnits;

    CarKernel(FleetModel model, PolicyTable table, CarPopulation pop, UnitSizing sizing, long seed) {
        this(model, table, new StepTables(model, table), pop, sizing, seed, null);
    }

    CarKernel(FleetModel model, PolicyTable table, StepTables jumps, CarPopulation pop, UnitSizing sizing, long seed,
              TimelineRecorder recorder) {
        this.m = model;
        this.jumps = jumps;
        this.recorder = recorder;
        this.table = table;
        this.pop = pop;
        this.sizing = sizing;
        this.seed = seed;
        plan = new Trips(model);
        depart = plan.depart;
        arrive = plan.arrive;
        dest = plan.dest;
        ownerMarginSeconds = new double[model.kinds()];
        for (int k = 0; k < model.kinds(); k++) {
            ownerMarginSeconds[k] = model.policy(k, 0).departureMargin().toSeconds();
        }
        unitInputs = new int[model.hardware.length];
        fullUnitSeconds = new double[model.hardware.length];
        for (int h = 0; h < unitInputs.length; h++) {
            // Rounded down, as core's UnitSizing cuts a full unit for a car (the coordinator leases no more).
            double fits = Math.floor(sizing.targetUnitTime().toNanos() / 1e9 * model.throughput[h]);
            unitInputs[h] = (int) Math.max(1, Math.min(Integer.MAX_VALUE, fits));
            fullUnitSeconds[h] = unitInputs[h] / model.throughput[h];
        }
        departureAware = sizing.departureAware();
        sizingMarginSeconds = sizing.departureMargin().toSeconds();
        targetUnitSeconds = sizing.targetUnitTime().toNanos() / 1e9;
        sizingMarginExactSeconds = sizing.departureMargin().toNanos() / 1e9;
        minInputs = sizing.minInputs();
        fallbackThroughput = sizing.fallbackThroughput();
        stepsPerHour = model.scenario.stepsPerHour();
        hourCell = new int[model.steps];
        for (int s = 0; s < model.steps; s++) {
            hourCell[s] = (s / stepsPerHour) * model.regions.length;
        }
    }

    /** Simulates one car; {@code util} (per step, null for all) is the share of eligible capacity demand uses. */
    void run(int car, double[] util, Accumulator acc) {
        run(car, util, acc, acc);
    }

    /**
     * As {@link #run(int, double[], Accumulator)}, with the counts of a car whose owner did not opt in going to
     * {@code idle}: they are the same in every pass, so a later pass passes null and skips such cars.
     */
    void run(int car, double[] util, Accumulator acc, Accumulator idle) {
        final int r = pop.region[car];
        final int kind = pop.kind[car];
        final int hw = pop.hardware[car];
        final int b = pop.battery[car];
        final int c = pop.charger[car];
        final int flags = pop.flags[car];
        if (kind == m.optedOutKind() && recorder == null && !stepEveryCar) {
            if (idle != null) {
                rng.reset(seed, car, 1);
                schedule(r, (flags & CarPopulation.COMMUTER) != 0);
                countIdle(r, flags, idle);
                pop.earnings[car] = 0;
            }
            return;
        }
        rng.reset(seed, car, 1);
        schedule(r, (flags & CarPopulation.COMMUTER) != 0);
        final Thermal th = m.scenario.thermal();
        final double stepS = m.stepSeconds;
        final double stepH = stepS / 3600;
        final double capKwh = m.batteryKwh[b];
        final double limit = m.scenario.charging().chargeLimitPercent();
        final double watts = m.hardware[hw].watts();
        final double tput = m.throughput[hw];
        final double stepKwh = watts * stepS / 3.6e6;
        final int steps = m.steps;
        final double computeKeep = m.computeKeep;
        final double packKeep = m.packKeep;
        final double chargeKwhPerStep = m.chargerKw[c] * stepH;
        final double packDrivingRise = th.packDrivingRiseC();
        final double cabinSunGain = th.cabinSunGainC();
        final double packSunGain = th.packSunGainC();
        final double packRisePerLoad = th.packKelvinPerComputeKw() * watts / 1000;
        final double ownerMargin = ownerMarginSeconds[kind];
        final double drivePct = m.scenario.driving().consumptionKwhPerHour() * stepH / capKwh * 100;
        final double payPerItem = m.payPerItem;
        final int capacityBase = acc.capacityStratumStride * m.stratum(kind, hw, r);
        final double wearPerKwh = m.wearPerKwh;
        final HourSums h = hour;
        int openCell = -1;
        final boolean knows = (flags & CarPopulation.KNOWS_DEPARTURE) != 0;
        final boolean solarHome = (flags & CarPopulation.HOME_SOLAR) != 0;
        final boolean garaged = (flags & CarPopulation.GARAGED) != 0;
        final boolean optedIn = kind != m.optedOutKind();
        final short[] slots = m.localSlot[r];
        final byte[] localDay = m.localDay[r];
        final float[] solar = m.solarKw[r];
        final float[] air = m.ambientC[r];
        final float[] sunShare = m.sun[r];
        final double[] price = m.price[r];
        final double computeRise = th.computeRiseC(watts);
        final boolean[] timeOk = table.timeOk;
        final boolean[] solarOk = table.solarOk;
        final int timeBase = table.timeIndex(kind, r, 0);
        final int stateBase = table.stateIndex(kind, hw, b, c, false, 0);
        final int solarBase = table.solarIndex(kind, hw, 0);
        final int maxUsage = table.maxUsageSteps(kind, hw);
        final double packTrip = table.packTripC[kind];
        final double packResume = table.packResumeBelowC[kind];
        final double computeTrip = table.computeTripC[kind];
        final double computeResume = table.computeResumeBelowC[kind];
        // Temperatures only feed the heat latches: where they can never trip, they are not followed.
        final boolean heat = optedIn && (stepEveryCar || jumps.mayHeat(kind, hw, r));
        // Parked steps with no unit running are taken by the shortcut below, unless the step loop is the reference.
        final boolean shortcut = optedIn && !heat && recorder == null && !stepEveryCar;
        final int[] allowedAtHome = shortcut ? jumps.nextAllowed(kind, hw, r, solarHome) : null;
        final int[] allowedAway = shortcut ? jumps.nextAllowed(kind, hw, r, false) : null;
        final int[] untilAtHome = shortcut ? jumps.allowedUntil(kind, hw, r, solarHome) : null;
        final int[] untilAway = shortcut ? jumps.allowedUntil(kind, hw, r, false) : null;
        final int[] nextDay = jumps.nextDay[r];
        final int[] nextHour = jumps.nextHour;
        // The charge a step adds when the car does not compute (kwh = 0 in the step loop's formula).
        final double idleChargePct = (chargeKwhPerStep - 0.0) / capKwh * 100;
        double soc = pop.initialSoc[car];
        double packC = air[0];
        double computeC = air[0];
        boolean packHot = false;
        boolean computeHot = false;
        int location = HOME;
        boolean plugged = plugsIn(HOME, flags);
        int ti = 0;
        int day = Integer.MIN_VALUE;
        double usedKwh = 0;
        // Energy used today in whole steps of compute, rounded up (cautious); changes only when the car computes.
        int usage = 0;
        double earned = 0;
        unitElapsed = 0;
        if (recorder != null) {
            recorder.begin(car, hw, knows);
        }
        for (int s = 0; s < steps; s++) {
            while (ti < trips && arrive[ti] <= s) {
                location = dest[ti];
                plugged = plugsIn(location, flags);
                ti++;
            }
            final int cell = hourCell[s] + r;
            if (cell != openCell) {
                if (openCell >= 0) {
                    h.flush(acc, openCell);
                }
                openCell = cell;
            }
            if (ti < trips && depart[ti] <= s) {
                h.driving++;
                soc = Math.max(0, soc - drivePct);
                plugged = false;
                if (unitElapsed > 0) {
                    earned -= preempt(acc, cell, tput, payPerItem);
                }
                if (heat) {
                    // The computer drives the car; the pack warms with the drive. The latches see every reading.
                    computeC = Thermal.relax(computeC, air[s] + computeRise, computeKeep);
                    packC = Thermal.relax(packC, air[s] + packDrivingRise, packKeep);
                    packHot = PolicyTable.hot(packHot, packC, packTrip, packResume);
                    computeHot = PolicyTable.hot(computeHot, computeC, computeTrip, computeResume);
                }
                continue;
            }
            if (shortcut && unitElapsed == 0) {
                // A parked car with no unit running: until it computes, only its counts, its charge and the day's
                // budget can change. The steps over which its eligibility cannot turn are taken here at once, with
                // the step loop's own arithmetic below, so the results are the same to the last digit.
                if (localDay[s] != day) {
                    day = localDay[s];
                    usedKwh = 0;
                    usage = 0;
                }
                final int level = (int) soc;
                final int state = stateBase + (plugged ? PolicyTable.SOC_LEVELS : 0) + level;
                final boolean announced = knows && ti < trips;
                final boolean stateOk = table.stateAllows(state, announced ? depart[ti] - s : -1);
                final boolean usageOk = usage <= maxUsage;
                final int[] allowed = location == HOME ? allowedAtHome : allowedAway;
                final int end = ti < trips ? Math.min(depart[ti], steps) : steps;
                if (allowed[s] == s && usageOk && stateOk) {
                    if (util != null && !(Rng.uniform(seed, car, s) < util[s])) {
                        // Eligible, not drawn by demand: while the time of day allows, the departure is far enough
                        // and the charge level stands, each step adds its capacity and draws again.
                        int to = Math.min(end, (location == HOME ? untilAtHome : untilAway)[s]);
                        if (announced) {
                            to = Math.min(to, depart[ti] - table.minDepartureSteps[state] + 1);
                        }
                        int a = s;
                        do {
                            int next = hourCell[a] + r;
                            if (next != openCell) {
                                h.flush(acc, openCell);
                                openCell = next;
                            }
                            h.parked++;
                            h.connected++;
                            h.eligible++;
                            if (plugged) {
                                h.plugged++;
                                if (soc < limit) {
                                    soc = Math.min(limit, soc + idleChargePct);
                                }
                            }
                            acc.capacity[capacityBase + a] += tput;
                            a++;
                        } while (a < to && (int) soc == level && !(Rng.uniform(seed, car, a) < util[a]));
                        s = a - 1;
                        continue;
                    }
                    // Drawn (or a capacity pass): it computes, in the full step below.
                } else {
                    // Not eligible, and it stays so until a factor can turn: the state one not before the next trip
                    // unless the charge level moves (the time to departure only shrinks), the budget on a new local
                    // day, the time of day and sun at the next step that allows them.
                    int to = !stateOk ? end : !usageOk ? Math.min(end, nextDay[s]) : Math.min(end, allowed[s + 1]);
                    if (plugged && soc < limit) {
                        int a = s;
                        do {
                            int next = hourCell[a] + r;
                            if (next != openCell) {
                                h.flush(acc, openCell);
                                openCell = next;
                            }
                            h.parked++;
                            h.connected++;
                            h.plugged++;
                            if (soc < limit) {
                                soc = Math.min(limit, soc + idleChargePct);
                            }
                            a++;
                        } while (a < to && (int) soc == level);
                        s = a - 1;
                        continue;
                    }
                    for (int a = s; a < to; ) {
                        int next = hourCell[a] + r;
                        if (next != openCell) {
                            h.flush(acc, openCell);
                            openCell = next;
                        }
                        int hourEnd = Math.min(to, nextHour[a]);
                        h.parked += hourEnd - a;
                        h.connected += hourEnd - a;
                        if (plugged) {
                            h.plugged += hourEnd - a;
                        }
                        a = hourEnd;
                    }
                    s = to - 1;
                    continue;
                }
            }
            h.parked++;
            if (plugged) {
                h.plugged++;
            }
            if (optedIn) {
                h.connected++;
            }
            if (heat) {
                packHot = PolicyTable.hot(packHot, packC, packTrip, packResume);
                computeHot = PolicyTable.hot(computeHot, computeC, computeTrip, computeResume);
            }
            if (localDay[s] != day) {
                day = localDay[s];
                usedKwh = 0;
                usage = 0;
            }
            final int slot = slots[s];
            final int departure = knows && ti < trips ? depart[ti] - s : -1;
            // PolicyTable.eligible's four factors with the car's table offsets taken once; cheapest first.
            boolean eligible = timeOk[timeBase + slot] && usage <= maxUsage
                    && table.stateAllows(stateBase + (plugged ? PolicyTable.SOC_LEVELS : 0) + (int) soc, departure)
                    && solarOk[solarBase + (location == HOME && solarHome
                    ? Math.min(PolicyTable.SOLAR_BUCKETS - 1, (int) (solar[s] * 10)) : PolicyTable.SOLAR_BUCKETS)];
            if (eligible && (packHot || computeHot)) {
                eligible = false;
                h.heatBlocked++;
                if (unitElapsed > 0) {
                    h.heatPreemptions++;
                }
            }
            double seconds = 0;
            startedUnits = 0;
            if (eligible) {
                h.eligible++;
                acc.capacity[capacityBase + s] += tput;
                if (recorder != null) {
                    recorder.eligible(s, departure >= 0
                            ? Math.round((s + departure) * stepS - ownerMargin) : -1);
                }
                if (util == null || Rng.uniform(seed, car, s) < util[s]) {
                    double cutAt = departure >= 0 ? departure * stepS - ownerMargin : Double.MAX_VALUE;
                    seconds = runUnits(stepS, cutAt, hw, tput);
                } else {
                    unitElapsed = 0; // no new lease when demand is met; the running unit is let finish
                }
            } else if (unitElapsed > 0) {
                earned -= preempt(acc, cell, tput, payPerItem);
            }
            h.leases += startedUnits;
            double kwh = seconds * watts / 3.6e6;
            if (seconds > 0) {
                h.computing++;
                h.computeSeconds += seconds;
                h.inferences += seconds * tput;
                h.energyKwh += kwh;
                double money = seconds * tput * payPerItem - kwh * price[slot];
                h.earnings += money;
                earned += money;
                usedKwh += kwh;
                usage = (int) Math.ceil(usedKwh / stepKwh - 1e-9);
            }
            if (plugged) {
                // The charger feeds the computer first; the rest goes into the battery up to the limit.
                if (soc < limit) {
                    soc = Math.min(limit, soc + (chargeKwhPerStep - kwh) / capKwh * 100);
                }
            } else if (kwh > 0) {
                soc = Math.max(0, soc - kwh / capKwh * 100);
                h.batteryKwh += kwh;
                double wear = kwh * wearPerKwh;
                h.wearCost += wear;
                h.earnings -= wear;
                earned -= wear;
            }
            if (heat) {
                double inSun = location == HOME && garaged ? 0 : sunShare[s];
                double load = seconds / stepS;
                computeC = Thermal.relax(computeC, air[s] + cabinSunGain * inSun + computeRise * load,
                        computeKeep);
                packC = Thermal.relax(packC, air[s] + packSunGain * inSun + packRisePerLoad * load, packKeep);
            }
        }
        if (openCell >= 0) {
            h.flush(acc, openCell);
        }
        pop.earnings[car] = (float) earned;
        if (recorder != null) {
            recorder.end();
        }
    }

    /**
     * A car whose owner did not opt in never computes, so only its driving, parked and plugged steps count: they
     * are added a stretch at a time (between trips) instead of step by step. The plug-in draws are made in the same
     * order as the step loop makes them, so the car's counts are those the step loop gives.
     */
    private void countIdle(int r, int flags, Accumulator acc) {
        final int steps = m.steps;
        boolean plugged = plugsIn(HOME, flags);
        int ti = 0;
        int s = 0;
        while (s < steps) {
            while (ti < trips && arrive[ti] <= s) {
                plugged = plugsIn(dest[ti], flags);
                ti++;
            }
            if (ti < trips && depart[ti] <= s) {
                int end = Math.min(arrive[ti], steps);
                addStretch(acc.drivingSteps, r, s, end);
                s = end;
            } else {
                int end = ti < trips ? Math.min(depart[ti], steps) : steps;
                addStretch(acc.parkedSteps, r, s, end);
                if (plugged) {
                    addStretch(acc.pluggedSteps, r, s, end);
                }
                s = end;
            }
        }
    }

    /** Adds one car-step per step of {@code [from, to)} to the region's hourly cells. */
    private void addStretch(long[] cells, int r, int from, int to) {
        while (from < to) {
            int hourEnd = Math.min(to, (from / stepsPerHour + 1) * stepsPerHour);
            cells[hourCell[from] + r] += hourEnd - from;
            from = hourEnd;
        }
    }

    /** Books the running unit as lost; returns the owner pay that was booked for it and is taken back. */
    private double preempt(Accumulator acc, int cell, double tput, double payPerInference) {
        acc.preemptions[cell]++;
        acc.wastedSeconds[cell] += unitElapsed;
        acc.inferences[cell] -= unitElapsed * tput;
        double pay = unitElapsed * tput * payPerInference;
        acc.earnings[cell] -= pay;
        unitElapsed = 0;
        return pay;
    }

    /**
     * Computes for up to {@code stepS} seconds: finishes the running unit, then leases units sized by core's
     * {@link UnitSizing} from the seconds left until {@code cutAt} (when the owner's policy will stop the car for
     * its departure). Returns the seconds computed; the car may go idle when no unit fits before the cut.
     */
    private double runUnits(double stepS, double cutAt, int hw, double tput) {
        double t = 0;
        if (unitElapsed > 0) {
            double left = unitLength - unitElapsed;
            if (left > stepS) {
                unitElapsed += stepS;
                return stepS;
            }
            t = left;
            unitElapsed = 0;
        }
        double full = fullUnitSeconds[hw];
        // Fast path: every unit that starts in this step fits whole before the cut, so sizing gives full units.
        if (!departureAware || cutAt - sizingMarginSeconds >= stepS + full) {
            double rest = stepS - t;
            // A unit longer than what is left of the step (the usual case) needs no division.
            double k = rest < full ? 0 : Math.floor(rest / full);
            unitElapsed = rest - k * full;
            unitLength = full;
            startedUnits += (int) k + (unitElapsed > 0 ? 1 : 0);
            return stepS;
        }
        while (t < stepS) {
            long available = (long) Math.floor(cutAt - t);
            int inputs = inputsFor(unitInputs[hw], tput, Math.max(0, available));
            if (inputs == 0) {
                return t; // nothing fits before the departure: stay idle
            }
            double length = inputs / tput;
            startedUnits++;
            if (t + length > stepS) {
                unitElapsed = stepS - t;
                unitLength = length;
                return stepS;
            }
            t += length;
        }
        return stepS;
    }

    /**
     * Core's {@link UnitSizing#inputsFor} for a departure-aware sizing and a known departure, the same arithmetic
     * on primitives: the boxed call allocated and cost more than the rest of the step ({@code CarKernelTest}
     * checks the two agree).
     */
    int inputsFor(int unitInputs, double throughput, long availableSeconds) {
        double rate = throughput > 0 && Double.isFinite(throughput) ? throughput : fallbackThroughput;
        double seconds = Math.min(targetUnitSeconds, availableSeconds - sizingMarginExactSeconds);
        long fits = (long) Math.floor(seconds * rate);
        if (fits < minInputs) {
            return 0;
        }
        return (int) Math.min(unitInputs, fits);
    }

    private boolean plugsIn(int location, int flags) {
        var ch = m.scenario.charging();
        return switch (location) {
            case HOME -> (flags & CarPopulation.HOME_CHARGER) != 0 && rng.nextDouble() < ch.homePlugProbability();
            case WORK -> (flags & CarPopulation.WORK_CHARGER) != 0 && rng.nextDouble() < ch.workPlugProbability();
            default -> rng.nextDouble() < ch.publicPlugProbability();
        };
    }

    private void schedule(int r, boolean commuter) {
        plan.draw(rng, r, commuter);
        trips = plan.count;
    }
}
