package io.terafleet.sim.fleet;

import io.terafleet.core.energy.ComputeHardware;
import io.terafleet.core.policy.OwnerPolicy;
import io.terafleet.core.policy.Tariff;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A scenario compiled for the hot loop: mixes as cumulative shares, core objects built once, and per region and
 * step the local time slot, local day, solar surplus and tariff price (time zones and DST handled by
 * {@code java.time} here, so the loop only indexes arrays). The simulation starts at 00:00 UTC on the start date.
 */
public final class FleetModel {
    final Scenario scenario;

    Scenario scenario() {
        return scenario;
    }

    final Region[] regions;
    final ComputeHardware[] hardware;
    final double[] throughput;
    final double[] batteryKwh;
    final double[] chargerKw;
    final double[] regionCumulative;
    final double[] hardwareCumulative;
    final double[] policyCumulative;
    final double[] batteryCumulative;
    final double[] chargerCumulative;
    final int days;
    final int stepsPerDay;
    final int steps;
    final double stepSeconds;
    final Instant start;
    /** [region][step] local slot of day. */
    final short[][] localSlot;
    /** [region][step] local day index since the start date's local day (which may be -1 early in UTC). */
    final byte[][] localDay;
    /** [region][step] home solar surplus in kW for a car whose home has panels. */
    final float[][] solarKw;
    /** [region][slot] electricity price. */
    final double[][] price;
    /** [region][day + 1] step at which local day {@code day} (from -1 to days) begins; may be negative. */
    final int[][] dayStartStep;
    /** [day + 1] whether local day {@code day} (from -1 to days) is Monday to Friday: commutes happen then. */
    final boolean[] weekday;
    /** [region][step] air temperature, °C. */
    final float[][] ambientC;
    /** [region][step] share of full sunshine on a car parked in the open. */
    final float[][] sun;
    /** Owner pay per item finished: the market's fleet price times the owner's share. */
    final double payPerItem;
    /** Battery wear cost per kWh cycled by compute. */
    final double wearPerKwh;
    /** Per step, the share of the computer's and the pack's distance to their target temperature that remains. */
    final double computeKeep;
    final double packKeep;
    /** Items of batch work arriving per day (evenly), and online items per second by UTC hour. */
    final double dailyBatchItems;
    final double[] onlinePerSecondByHour = new double[24];
    private final Tariff[] tariffs;

    public FleetModel(Scenario scenario, int days) {
        if (days < 1 || days > 120) {
            throw new IllegalArgumentException("days: must be within 1..120, was " + days);
        }
        this.scenario = scenario;
        this.days = days;
        this.regions = scenario.regions().toArray(Region[]::new);
        this.hardware = scenario.hardware().stream().map(HardwareMix::hardware).toArray(ComputeHardware[]::new);
        this.throughput = scenario.hardware().stream().mapToDouble(h -> h.throughput(scenario.workload())).toArray();
        this.batteryKwh = scenario.battery().capacities().stream().mapToDouble(Share::value).toArray();
        this.chargerKw = scenario.charging().chargers().stream().mapToDouble(Share::value).toArray();
        this.regionCumulative = cumulative(scenario.regions().stream().mapToDouble(Region::share).toArray());
        this.hardwareCumulative = cumulative(scenario.hardware().stream().mapToDouble(HardwareMix::share).toArray());
        this.policyCumulative = cumulative(scenario.policies().stream().mapToDouble(PolicyArchetype::share).toArray());
        this.batteryCumulative = cumulative(scenario.battery().capacities().stream().mapToDouble(Share::share).toArray());
        this.chargerCumulative = cumulative(scenario.charging().chargers().stream().mapToDouble(Share::share).toArray());
        this.stepsPerDay = scenario.stepsPerDay();
        this.steps = days * stepsPerDay;
        this.stepSeconds = scenario.stepMinutes() * 60.0;
        this.start = scenario.start().atStartOfDay(ZoneOffset.UTC).toInstant();
        this.tariffs = scenario.regions().stream().map(r -> r.tariff().toTariff()).toArray(Tariff[]::new);
        int r = regions.length;
        weekday = new boolean[days + 2];
        for (int d = -1; d <= days; d++) {
            weekday[d + 1] = scenario.start().plusDays(d).getDayOfWeek().getValue() <= 5;
        }
        Market market = scenario.market();
        payPerItem = market.fleetPricePerThousand() / 1000 * scenario.economics().ownerShareOfPrice();
        wearPerKwh = scenario.batteryWear().costPerKwh();
        computeKeep = Math.exp(-stepSeconds / (scenario.thermal().computeMinutes() * 60));
        packKeep = Math.exp(-stepSeconds / (scenario.thermal().packMinutes() * 60));
        double fleetItems = market.fleetItemsPerDay();
        dailyBatchItems = fleetItems * (1 - market.onlineShare());
        double[] shape = scenario.demand().onlineHourlyShape();
        double meanShape = java.util.Arrays.stream(shape).average().orElse(0);
        for (int h = 0; h < 24; h++) {
            double marketOnline = meanShape > 0 ? fleetItems * market.onlineShare() / 86_400 * shape[h] / meanShape : 0;
            onlinePerSecondByHour[h] = scenario.demand().onlinePerSecond(h) + marketOnline;
        }
        ambientC = new float[r][steps];
        sun = new float[r][steps];
        localSlot = new short[r][steps];
        localDay = new byte[r][steps];
        solarKw = new float[r][steps];
        price = new double[r][stepsPerDay];
        dayStartStep = new int[r][days + 2];
        for (int i = 0; i < r; i++) {
            fillRegion(i);
        }
    }

    /** Owner kinds: the scenario's policies, then one more for owners who did not opt in. */
    int kinds() {
        return regions.length == 0 ? 0 : scenario.policies().size() + 1;
    }

    /** Car strata for planning on a sample: owner kind × hardware × region, the attributes capacity hangs on. */
    int strata() {
        return kinds() * hardware.length * regions.length;
    }

    int stratum(int kind, int hw, int region) {
        return (kind * hardware.length + hw) * regions.length + region;
    }

    int optedOutKind() {
        return scenario.policies().size();
    }

    /** Core's owner policy for an owner of this kind in this region. */
    OwnerPolicy policy(int kind, int region) {
        ZoneId zone = regions[region].zoneId();
        if (kind == optedOutKind()) {
            return OwnerPolicy.defaults().toBuilder().zone(zone).tariff(tariffs[region]).build();
        }
        return scenario.policies().get(kind).toPolicy(zone, tariffs[region]);
    }

    /** An instant on the start date at which it is {@code slot} local time in the region. */
    Instant instantAtLocalSlot(int region, int slot) {
        LocalTime time = LocalTime.ofSecondOfDay((long) (slot * stepSeconds));
        return ZonedDateTime.of(scenario.start(), time, regions[region].zoneId()).toInstant();
    }

    double tariffAt(int region, LocalTime time) {
        return tariffs[region].priceAt(time);
    }

    private void fillRegion(int r) {
        ZoneId zone = regions[r].zoneId();
        var firstLocalDay = start.atZone(zone).toLocalDate();
        for (int s = 0; s < steps; s++) {
            ZonedDateTime local = start.plusSeconds((long) (s * stepSeconds)).atZone(zone);
            int secondOfDay = local.toLocalTime().toSecondOfDay();
            localSlot[r][s] = (short) Math.min(stepsPerDay - 1, (int) (secondOfDay / stepSeconds));
            localDay[r][s] = (byte) (local.toLocalDate().toEpochDay() - firstLocalDay.toEpochDay());
            Climate climate = regions[r].climate();
            if (climate == null) {
                solarKw[r][s] = (float) scenario.solar().surplusKw(secondOfDay / 3600.0, regions[r].solarYield());
                ambientC[r][s] = (float) io.terafleet.core.vehicle.VehicleState.DEFAULT_TEMPERATURE_C;
            } else {
                int doy = local.getDayOfYear();
                double dst = zone.getRules().getDaylightSavings(local.toInstant()).toSeconds() / 3600.0;
                double sunShare = climate.sunFraction(doy, secondOfDay / 3600.0 - dst);
                sun[r][s] = (float) sunShare;
                ambientC[r][s] = (float) climate.ambientC(doy, secondOfDay / 3600.0);
                var solar = scenario.solar();
                solarKw[r][s] = (float) Math.max(0, solar.panelKw() * regions[r].solarYield() * sunShare
                        - solar.houseLoadKw());
            }
        }
        for (int slot = 0; slot < stepsPerDay; slot++) {
            price[r][slot] = tariffs[r].priceAt(LocalTime.ofSecondOfDay((long) (slot * stepSeconds)));
        }
        for (int d = -1; d <= days; d++) {
            Instant midnight = scenario.start().plusDays(d).atStartOfDay(zone).toInstant();
            long seconds = midnight.getEpochSecond() - start.getEpochSecond();
            dayStartStep[r][d + 1] = (int) Math.floorDiv(seconds, (long) stepSeconds);
        }
    }

    static double[] cumulative(double[] shares) {
        double[] out = new double[shares.length];
        double sum = 0;
        for (int i = 0; i < shares.length; i++) {
            sum += shares[i];
            out[i] = sum;
        }
        out[shares.length - 1] = Double.POSITIVE_INFINITY; // rounding never leaves a draw unassigned
        return out;
    }

    static int pick(double[] cumulative, double u) {
        int i = 0;
        while (u >= cumulative[i]) {
            i++;
        }
        return i;
    }
}
