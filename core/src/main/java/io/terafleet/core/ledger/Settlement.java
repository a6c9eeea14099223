package io.terafleet.core.ledger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;

/**
 * Turns a verified unit into one balanced posting:
 * <ul>
 *   <li>the payer is charged the price of the inputs delivered, nothing for the rest;</li>
 *   <li>the owners' share of that price is split among the valid results (the customer pays for one
 *       answer however many replicas it took), the remainder micro-units going to the first results by
 *       id, so the split is exact and repeatable;</li>
 *   <li>each valid result's owner is also reimbursed the energy it reported, capped per input, at the
 *       owner's tariff; the platform pays for that (verification is the platform's cost);</li>
 *   <li>the platform keeps the rest of the price as its fee.</li>
 * </ul>
 * Every owner line names its car and the verified result it pays for. Invalid results earn nothing.
 */
public final class Settlement {
    private final PriceList prices;
    private final SettlementTerms terms;

    public Settlement(PriceList prices, SettlementTerms terms) {
        this.prices = prices;
        this.terms = terms;
    }

    public String currency() {
        return prices.currency();
    }

    public SettlementOutcome settle(VerifiedUnit unit) {
        if (unit.inputsDelivered() == 0) {
            return new SettlementOutcome.NotSettled("unit " + unit.unitId() + ": no inputs delivered, nothing to charge");
        }
        if (unit.valid().isEmpty()) {
            return new SettlementOutcome.NotSettled("unit " + unit.unitId() + ": no verified result, nobody to pay");
        }
        var price = prices.priceFor(unit.model(), unit.inputsDelivered());
        if (price.isEmpty()) {
            return new SettlementOutcome.NotSettled("unit " + unit.unitId() + ": no price for model " + unit.model());
        }
        requireDistinctResults(unit);
        return new SettlementOutcome.Settled(posting(unit, price.get().micros()));
    }

    private Posting posting(VerifiedUnit unit, long price) {
        List<VerifiedWork> valid = new ArrayList<>(unit.valid());
        valid.sort(Comparator.comparing(VerifiedWork::resultId));
        long pool = Math.multiplyExact(price, terms.ownerShareBasisPoints()) / SettlementTerms.BASIS_POINTS;
        long each = pool / valid.size();
        long remainder = pool % valid.size();
        long maxMilliWh = Math.multiplyExact(terms.maxEnergyMilliWhPerInput(), unit.inputsDelivered());

        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(unit.payer(), EntryRole.CHARGE, -price, null, null, 0, -unit.inputsDelivered(), 0));
        long energyTotal = 0;
        for (int i = 0; i < valid.size(); i++) {
            VerifiedWork work = valid.get(i);
            Account owner = Account.owner(work.ownerId());
            long share = each + (i < remainder ? 1 : 0);
            entries.add(new Entry(owner, EntryRole.REVENUE_SHARE, share, work.carId(), work.resultId(), 1,
                    unit.inputsDelivered(), 0));
            long milliWh = Math.min(work.milliWh(), maxMilliWh);
            long energy = EnergyPricing.costMicros(milliWh, work.microsPerKwh());
            entries.add(new Entry(owner, EntryRole.ENERGY, energy, work.carId(), work.resultId(), 0, 0, milliWh));
            energyTotal = Math.addExact(energyTotal, energy);
        }
        entries.add(Entry.of(Account.platformFees(), EntryRole.FEE, price - pool));
        entries.add(Entry.of(Account.energyReimbursement(), EntryRole.ENERGY_FUNDING, -energyTotal));
        return new Posting(unit.settlementKey(), PostingKind.SETTLEMENT, prices.currency(), unit.verifiedAt(),
                unit.unitId(), unit.model(), null, entries);
    }

    private static void requireDistinctResults(VerifiedUnit unit) {
        var results = new HashSet<String>();
        var owners = new HashSet<String>();
        for (VerifiedWork work : unit.valid()) {
            if (!results.add(work.resultId())) {
                throw new IllegalArgumentException("valid: result " + work.resultId() + " listed twice");
            }
            if (!owners.add(work.ownerId())) {
                throw new IllegalArgumentException("valid: owner " + work.ownerId()
                        + " holds two replicas of unit " + unit.unitId() + "; replicas must come from different owners");
            }
        }
    }
}
