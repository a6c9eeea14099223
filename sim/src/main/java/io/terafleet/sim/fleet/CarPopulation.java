package io.terafleet.sim.fleet;

/**
 * The fleet as a struct of arrays: one primitive array per attribute, indexed by car, no object per car (a hundred
 * million cars take about 15 bytes each). Attributes are drawn from each car's own random stream.
 */
final class CarPopulation {
    static final int COMMUTER = 1;
    static final int HOME_CHARGER = 2;
    static final int WORK_CHARGER = 4;
    static final int HOME_SOLAR = 8;
    static final int KNOWS_DEPARTURE = 16;
    /** Parked in a garage or shade at home: no sun on the car there. */
    static final int GARAGED = 32;

    final int cars;
    final byte[] region;
    final byte[] kind;
    final byte[] hardware;
    final byte[] battery;
    final byte[] charger;
    final byte[] flags;
    final float[] initialSoc;
    /** Net earnings over the run, filled by the simulation. */
    final float[] earnings;

    CarPopulation(int cars) {
        this.cars = cars;
        region = new byte[cars];
        kind = new byte[cars];
        hardware = new byte[cars];
        battery = new byte[cars];
        charger = new byte[cars];
        flags = new byte[cars];
        initialSoc = new float[cars];
        earnings = new float[cars];
    }

    void draw(FleetModel model, long seed, int from, int to, Rng rng) {
        Scenario sc = model.scenario;
        for (int car = from; car < to; car++) {
            rng.reset(seed, car, 0);
            region[car] = (byte) FleetModel.pick(model.regionCumulative, rng.nextDouble());
            kind[car] = (byte) (rng.nextDouble() < sc.optInRate()
                    ? FleetModel.pick(model.policyCumulative, rng.nextDouble()) : model.optedOutKind());
            hardware[car] = (byte) FleetModel.pick(model.hardwareCumulative, rng.nextDouble());
            battery[car] = (byte) FleetModel.pick(model.batteryCumulative, rng.nextDouble());
            charger[car] = (byte) FleetModel.pick(model.chargerCumulative, rng.nextDouble());
            int f = 0;
            f |= rng.nextDouble() < sc.driving().commuterShare() ? COMMUTER : 0;
            f |= rng.nextDouble() < sc.charging().homeChargerShare() ? HOME_CHARGER : 0;
            f |= rng.nextDouble() < sc.charging().workChargerShare() ? WORK_CHARGER : 0;
            f |= rng.nextDouble() < sc.solar().homeSolarShare() ? HOME_SOLAR : 0;
            f |= rng.nextDouble() < sc.driving().departureKnownShare() ? KNOWS_DEPARTURE : 0;
            f |= rng.nextDouble() < sc.thermal().garagedAtHomeShare() ? GARAGED : 0;
            flags[car] = (byte) f;
            double soc = sc.battery().initialSocMeanPercent() + sc.battery().initialSocSdPercent() * rng.nextGaussian();
            initialSoc[car] = (float) Math.max(5, Math.min(100, soc));
        }
    }
}
