package io.terafleet.core.ledger;

/**
 * How a unit's price is split.
 *
 * @param ownerShareBasisPoints     the owners' share of the price, in 1/100 of a percent (7000 = 70%);
 *                                  replicas of one unit split it (the customer pays for one answer)
 * @param maxEnergyMilliWhPerInput  the most energy reimbursed per verified input, so that a car cannot
 *                                  claim any energy it likes; what it claims above this is not paid
 */
public record SettlementTerms(int ownerShareBasisPoints, long maxEnergyMilliWhPerInput) {
    public static final int BASIS_POINTS = 10_000;

    public SettlementTerms {
        if (ownerShareBasisPoints < 0 || ownerShareBasisPoints > BASIS_POINTS) {
            throw new IllegalArgumentException("ownerShareBasisPoints: must be within 0..10000, was "
                    + ownerShareBasisPoints);
        }
        if (maxEnergyMilliWhPerInput < 0) {
            throw new IllegalArgumentException("maxEnergyMilliWhPerInput: must be ≥ 0, was " + maxEnergyMilliWhPerInput);
        }
    }

    /**
     * 70% to owners; at most 10 mWh per input, about 25 times what all-MiniLM-L6-v2 costs on an HW3
     * board (≈ 50 inputs/s at 72 W ≈ 0.4 mWh per input).
     */
    public static SettlementTerms defaults() {
        return new SettlementTerms(7_000, 10);
    }
}
