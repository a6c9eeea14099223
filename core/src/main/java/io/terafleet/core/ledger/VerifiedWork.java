package io.terafleet.core.ledger;

/**
 * One car's verified result for a unit, as payment sees it.
 *
 * @param resultId      the verified result (what the owner's credit points at)
 * @param milliWh       energy the car reported for the unit, in milliwatt-hours
 * @param microsPerKwh  the owner's tariff when the work ran ({@link EnergyPricing#microsPerKwh}),
 *                      in the settlement's currency
 */
public record VerifiedWork(String resultId, String carId, String ownerId, long milliWh, long microsPerKwh) {
    public VerifiedWork {
        if (resultId == null || resultId.isBlank() || resultId.length() > 200) {
            throw new IllegalArgumentException("resultId: 1 to 200 characters, was " + resultId);
        }
        Account.requireId(carId, "carId");
        Account.requireId(ownerId, "ownerId");
        if (milliWh < 0) {
            throw new IllegalArgumentException("milliWh: must be ≥ 0, was " + milliWh);
        }
        if (microsPerKwh < 0) {
            throw new IllegalArgumentException("microsPerKwh: must be ≥ 0, was " + microsPerKwh);
        }
    }
}
