package io.terafleet.sim.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * The fleet's price set against the datacenter, the demand it meets, and what an owner needs to break even.
 *
 * @param fleetItemsPerDay  items per day the market asks of the fleet at its price
 * @param servedShare       share of that (plus fixed demand) the fleet delivered
 * @param breakEven         per hardware class, the owner's pay and cost per kWh of compute
 */
public record Pricing(String workload, String item, String alternative, double referencePricePerThousand,
                      double fleetPricePerThousand, double ownerPayPerThousand, double fleetItemsPerDay,
                      double servedShare, double meanTariffPerKwh, double wearPerKwh, List<BreakEven> breakEven) {

    /**
     * One hardware class's economics per kWh of compute: the owner's pay, and the fleet price at which that pay
     * covers the energy (plugged in, at the fleet's mean tariff) or the energy plus battery wear (unplugged).
     */
    public record BreakEven(String hardware, double itemsPerKwh, double ownerPayPerKwh,
                            double breakEvenPricePluggedPerThousand, double breakEvenPriceUnpluggedPerThousand,
                            double datacenterHourPriceEquivalent) {
    }

    static Pricing of(FleetModel m, double deliveredItems) {
        Scenario sc = m.scenario;
        Market market = sc.market();
        double tariff = 0;
        for (Region r : sc.regions()) {
            tariff += r.share() * r.tariff().basePricePerKwh();
        }
        double share = sc.economics().ownerShareOfPrice();
        List<BreakEven> rows = new ArrayList<>();
        for (int h = 0; h < m.hardware.length; h++) {
            double perKwh = m.throughput[h] * 3.6e6 / m.hardware[h].watts();
            double payPerKwh = perKwh * m.payPerItem;
            double denominator = share > 0 ? perKwh * share / 1000 : Double.NaN;
            rows.add(new BreakEven(sc.hardware().get(h).name(), perKwh, payPerKwh, tariff / denominator,
                    (tariff + m.wearPerKwh) / denominator,
                    m.throughput[h] * 3.6 * market.fleetPricePerThousand()));
        }
        double asked = market.fleetItemsPerDay() * m.days + sc.demand().batchBacklogInferences();
        for (int s = 0; s < m.steps; s++) {
            asked += sc.demand().onlinePerSecond((s / sc.stepsPerHour()) % 24) * m.stepSeconds;
        }
        return new Pricing(sc.workload(), market.item(), market.cheapest().name(),
                market.referencePricePerThousand(), market.fleetPricePerThousand(), m.payPerItem * 1000,
                market.fleetItemsPerDay(), asked > 0 ? Math.min(1, deliveredItems / asked) : 0, tariff, m.wearPerKwh,
                rows);
    }
}
