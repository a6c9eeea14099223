package io.terafleet.core.ledger;

import java.time.LocalDate;

/**
 * An owner's earnings for one day (UTC), or in total over a statement when {@code date} is null.
 *
 * @param units           work units paid for (reversed ones subtracted)
 * @param verifiedInputs  inputs in those units
 * @param energyKwh       energy reimbursed
 * @param energyCostMicros   what that energy cost the owner at their tariff (= the reimbursement)
 * @param revenueShareMicros the owner's share of customers' prices
 * @param adjustmentsMicros  voids of a quarantined car's credit (negative)
 * @param grossMicros        revenue share + energy reimbursement + adjustments: what the platform credits
 * @param netMicros          gross − energy cost: what the owner earns once the electricity is paid for
 * @param promptTokens       prompt tokens of the generated answers paid for
 * @param completionTokens   tokens the owner's cars generated in the answers paid for
 * All amounts are micro-units of {@code currency}.
 */
public record StatementLine(LocalDate date, String currency, long units, long verifiedInputs, double energyKwh,
                            long energyCostMicros, long revenueShareMicros, long adjustmentsMicros, long grossMicros,
                            long netMicros, long promptTokens, long completionTokens) {

    public static StatementLine of(LocalDate date, String currency, long units, long inputs, long energyMilliWh,
                                   long energyCost, long revenueShare, long adjustments) {
        return of(date, currency, units, inputs, energyMilliWh, energyCost, revenueShare, adjustments, 0, 0);
    }

    public static StatementLine of(LocalDate date, String currency, long units, long inputs, long energyMilliWh,
                                   long energyCost, long revenueShare, long adjustments, long promptTokens,
                                   long completionTokens) {
        long gross = Math.addExact(Math.addExact(revenueShare, energyCost), adjustments);
        return new StatementLine(date, currency, units, inputs, energyMilliWh / 1e6, energyCost, revenueShare,
                adjustments, gross, gross - energyCost, promptTokens, completionTokens);
    }
}
