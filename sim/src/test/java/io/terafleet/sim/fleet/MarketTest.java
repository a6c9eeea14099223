package io.terafleet.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Price from the datacenter alternatives, demand from a curve, wear in the owner's net, load on the tier. */
class MarketTest {
    private static final Scenario DEFAULTS = ScenarioIo.defaults();

    @Test
    void theFleetPriceIsTheCheapestAlternativeLessTheDiscount() {
        Market market = DEFAULTS.market();
        double cheapest = market.alternatives().stream().mapToDouble(Alternative::pricePerThousand).min()
                .orElseThrow();
        assertThat(market.referencePricePerThousand()).isEqualTo(cheapest);
        assertThat(market.fleetPricePerThousand()).isCloseTo(cheapest * (1 - market.discount()), within(1e-15));
        // L4 at USD 0.71/h doing 12,000 embeddings/s: about USD 0.0000164 per 1,000.
        assertThat(cheapest).isCloseTo(0.71 / (12_000 * 3.6), within(1e-12));
    }

    @Test
    void aLowerPriceBuysMoreWorkAlongTheCurve() {
        Market market = DEFAULTS.market();
        Market cheaper = market.withDiscount(0.6);
        double ratio = cheaper.fleetItemsPerDay() / market.fleetItemsPerDay();
        assertThat(ratio).isCloseTo(Math.pow(0.4 / 0.7, -market.elasticity()), within(1e-9));
        assertThat(market.marketItemsPerDay(market.referencePricePerThousand()))
                .isEqualTo(market.referenceItemsPerDay());
    }

    @Test
    void demandBelowCapacityIsServedAndNoMore() {
        // 200,000 cars can do far more than a small market asks: the fleet serves what is asked, then idles.
        Scenario small = ScenarioIo.parse("""
                {"markets": {"embeddings": {"referenceItemsPerDay": 1.0e11, "fleetShare": 0.1}}}""");
        FleetResult result = FleetSimulator.run(small, 20_000, 1, 2, FleetSimulator.Listener.NONE);
        double asked = small.market().fleetItemsPerDay();
        assertThat(result.passes()).isEqualTo(2);
        // Within 10%: thinned-out cars stay cooler and keep more of their daily budget than the first pass planned.
        assertThat(result.totals().inferences()).isLessThanOrEqualTo(asked * 1.1);
        assertThat(result.pricing().servedShare()).isGreaterThan(0.5);
    }

    @Test
    void ownersPayTheWearOfComputeOnTheirBattery() {
        Scenario unplugged = ScenarioIo.parse("""
                {"optInRate": 1.0, "policies": [{"name": "unplugged-ok", "share": 1.0, "requirePluggedIn": false,
                  "minStateOfChargePercent": 30.0, "source": "test"}]}""");
        FleetResult result = FleetSimulator.run(unplugged, 3_000, 1, 4, FleetSimulator.Listener.NONE);
        var t = result.totals();
        assertThat(t.batteryKwh()).isPositive();
        assertThat(t.batteryWearCost()).isCloseTo(t.batteryKwh() * 139 / 1500.0, within(1e-6 * t.batteryWearCost()));
        // Owners' net = pay - energy at tariff - wear, so zero wear makes every owner at least as rich.
        Scenario free = ScenarioIo.parse("""
                {"optInRate": 1.0, "policies": [{"name": "unplugged-ok", "share": 1.0, "requirePluggedIn": false,
                  "minStateOfChargePercent": 30.0, "source": "test"}],
                 "batteryWear": {"packPricePerKwh": 0}}""");
        FleetResult noWear = FleetSimulator.run(free, 3_000, 1, 4, FleetSimulator.Listener.NONE);
        assertThat(noWear.totals().ownerNetEarnings() - t.ownerNetEarnings())
                .isCloseTo(t.batteryWearCost(), within(1e-6 * t.batteryWearCost()));
    }

    @Test
    void breakEvenPricesCoverTheOwnersCosts() {
        FleetResult result = FleetSimulator.run(DEFAULTS, 2_000, 1, 1, FleetSimulator.Listener.NONE);
        Pricing p = result.pricing();
        for (Pricing.BreakEven row : p.breakEven()) {
            double costPlugged = p.meanTariffPerKwh();
            double payAtBreakEven = row.itemsPerKwh() * row.breakEvenPricePluggedPerThousand() / 1000
                    * DEFAULTS.economics().ownerShareOfPrice();
            assertThat(payAtBreakEven).isCloseTo(costPlugged, within(1e-9));
            assertThat(row.breakEvenPriceUnpluggedPerThousand()).isGreaterThan(row.breakEvenPricePluggedPerThousand());
        }
    }

    @Test
    void theTierSeesOneLeasePerUnitAndCellsFollowThePeak() {
        FleetResult result = FleetSimulator.run(DEFAULTS, 5_000, 1, 6, FleetSimulator.Listener.NONE);
        TierLoad tier = result.tier();
        double leases = 0;
        for (double perSecond : tier.leasesPerSecond()) {
            leases += perSecond * 3600;
        }
        assertThat(leases).isCloseTo(result.totals().leases(), within(1e-6 * leases));
        // 10-minute units: about one lease per 600 s of compute (plus cut units before departures).
        double perUnit = result.totals().computeSeconds() / result.totals().leases();
        assertThat(perUnit).isBetween(450.0, 601.0);
        assertThat(tier.peakConnectedCars()).isLessThanOrEqualTo(5_000 * 0.4);
        ControlPlane cp = DEFAULTS.controlPlane();
        double byBytes = tier.peakResultBytesPerSecond() / cp.resultBytesPerSecondPerStore();
        double byCars = tier.peakConnectedCars() / (cp.connectedCarsPerCoordinator() * cp.coordinatorsPerCell());
        double byUnits = tier.peakLeasesPerSecond() / cp.unitsPerSecondPerCell();
        // Embeddings are heavy results (1,536 bytes each, thousands a second per car): bytes bind, not cars.
        assertThat(tier.binding()).isEqualTo("result bytes per store");
        assertThat(tier.cellsNeeded()).isEqualTo((long) Math.ceil(Math.max(byBytes, Math.max(byCars, byUnits))));
        assertThat(tier.peakResultBytesPerSecond()).isCloseTo(
                java.util.Arrays.stream(tier.resultBytesPerSecond()).max().orElseThrow(), within(1e-9));
        FleetResult generation = FleetSimulator.run(DEFAULTS.withWorkload(Scenario.GENERATION), 5_000, 1, 6,
                FleetSimulator.Listener.NONE);
        assertThat(generation.pricing().item()).isEqualTo("token");
        assertThat(generation.tier().peakLeasesPerSecond()).isPositive();
    }
}
