package io.terafleet.sim.fleet;

import java.util.Comparator;
import java.util.List;

/**
 * The market for one workload. The fleet's price is the cheapest datacenter alternative's cost per item less a
 * stated discount (a parked car is slower, less reliable and further away than a GPU, so it must be cheaper).
 * Demand is a constant-elasticity curve around the market's volume at the datacenter price: at price P the market
 * asks {@code referenceItemsPerDay × (P / P0)^-elasticity}, of which the fleet wins {@code fleetShare}.
 *
 * @param item                 what is counted ("inference", "token")
 * @param bytesPerItem         result bytes per item sent back to the coordinator
 * @param itemsPerRequest      items per online request
 * @param discount             the fleet's price below the cheapest alternative, 0..1
 * @param referenceItemsPerDay the whole market's volume per day at the alternatives' price
 * @param elasticity           price elasticity of demand (positive: more work at a lower price)
 * @param fleetShare           share of the market at the fleet's price the fleet serves (batch-tolerant work)
 * @param onlineShare          share of the fleet's work that is online (follows the day), the rest is batch
 *                             arriving evenly through the day
 */
public record Market(String item, double bytesPerItem, double itemsPerRequest, List<Alternative> alternatives,
                     double discount, double referenceItemsPerDay, double elasticity, double fleetShare,
                     double onlineShare, String source) {
    public Market {
        Check.present("item", item);
        Check.positive("bytesPerItem", bytesPerItem);
        Check.positive("itemsPerRequest", itemsPerRequest);
        alternatives = Check.nonEmpty("alternatives", alternatives);
        Check.within("discount", discount, 0, 0.99);
        Check.nonNegative("referenceItemsPerDay", referenceItemsPerDay);
        Check.within("elasticity", elasticity, 0, 10);
        Check.within("fleetShare", fleetShare, 0, 1);
        Check.within("onlineShare", onlineShare, 0, 1);
        Check.source(source);
    }

    public Alternative cheapest() {
        return alternatives.stream().min(Comparator.comparingDouble(Alternative::pricePerThousand)).orElseThrow();
    }

    /** The datacenter price of 1,000 items (the cheapest alternative, fully used). */
    public double referencePricePerThousand() {
        return cheapest().pricePerThousand();
    }

    /** The fleet's price of 1,000 items. */
    public double fleetPricePerThousand() {
        return referencePricePerThousand() * (1 - discount);
    }

    /** Items per day the whole market asks for at {@code pricePerThousand}. */
    public double marketItemsPerDay(double pricePerThousand) {
        return referenceItemsPerDay * Math.pow(pricePerThousand / referencePricePerThousand(), -elasticity);
    }

    /** Items per day the fleet is asked for at its price. */
    public double fleetItemsPerDay() {
        return fleetShare * marketItemsPerDay(fleetPricePerThousand());
    }

    /** A copy at another discount. */
    public Market withDiscount(double newDiscount) {
        return new Market(item, bytesPerItem, itemsPerRequest, alternatives, newDiscount, referenceItemsPerDay,
                elasticity, fleetShare, onlineShare, source);
    }

    /** A copy whose market is {@code factor} times the size: a sample of cars standing for a bigger fleet. */
    public Market scaled(double factor) {
        return new Market(item, bytesPerItem, itemsPerRequest, alternatives, discount, referenceItemsPerDay * factor,
                elasticity, fleetShare, onlineShare, source);
    }
}
