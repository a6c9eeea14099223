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
 * <p>A delivered generated answer ({@link #settle(DeliveredAnswer)}) is charged by its prompt and completion tokens;
 * the owners' share goes to the cars that generated it, split by the completion tokens each produced, and each car's
 * owner is reimbursed the energy paid for its part (batch answers; online cars report none), capped per completion
 * token, which the platform funds as for verified units.
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

    /** Charges a delivered answer by its tokens and pays the owners of the cars that generated it. */
    public SettlementOutcome settle(DeliveredAnswer answer) {
        long completion = answer.completionTokens();
        if (answer.promptTokens() + completion == 0) {
            return new SettlementOutcome.NotSettled("answer " + answer.settlementKey() + ": no tokens, nothing to charge");
        }
        var price = prices.priceForTokens(answer.model(), answer.promptTokens(), completion);
        if (price.isEmpty()) {
            return new SettlementOutcome.NotSettled("answer " + answer.settlementKey() + ": no token price for model "
                    + answer.model());
        }
        long charge = price.get().micros();
        long pool = Math.multiplyExact(charge, terms.ownerShareBasisPoints()) / SettlementTerms.BASIS_POINTS;
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(answer.payer(), EntryRole.CHARGE, -charge, null, null, 0, 0, 0,
                -answer.promptTokens(), -completion));
        long[] shares = sharesByTokens(answer.cars(), pool, completion);
        for (int i = 0; i < answer.cars().size(); i++) {
            DeliveredAnswer.CarTokens car = answer.cars().get(i);
            // The prompt is counted once, on the car that began the answer.
            entries.add(new Entry(Account.owner(car.ownerId()), EntryRole.REVENUE_SHARE, shares[i], car.carId(),
                    answer.resultId(car), i == 0 ? 1 : 0, 0, 0, i == 0 ? answer.promptTokens() : 0,
                    car.completionTokens()));
        }
        entries.add(Entry.of(Account.platformFees(), EntryRole.FEE, charge - pool));
        long energyTotal = 0;
        for (DeliveredAnswer.CarTokens car : answer.cars()) {
            long cap = Math.multiplyExact(terms.maxEnergyMilliWhPerInput(), Math.max(1, car.completionTokens()));
            long milliWh = Math.min(car.milliWh(), cap);
            long energy = EnergyPricing.costMicros(milliWh, car.microsPerKwh());
            if (milliWh > 0) {
                entries.add(new Entry(Account.owner(car.ownerId()), EntryRole.ENERGY, energy, car.carId(),
                        answer.resultId(car), 0, 0, milliWh));
                energyTotal = Math.addExact(energyTotal, energy);
            }
        }
        if (energyTotal > 0) {
            entries.add(Entry.of(Account.energyReimbursement(), EntryRole.ENERGY_FUNDING, -energyTotal));
        }
        return new SettlementOutcome.Settled(new Posting(answer.settlementKey(), PostingKind.SETTLEMENT,
                prices.currency(), answer.deliveredAt(), answer.requestId() + ":" + answer.choice(), answer.model(),
                null, entries));
    }

    /**
     * The pool split by completion tokens, rounded down, the remainder micro-units to the first cars; an answer
     * with no completion tokens pays the car that finished it (the last).
     */
    private static long[] sharesByTokens(List<DeliveredAnswer.CarTokens> cars, long pool, long completion) {
        long[] shares = new long[cars.size()];
        if (completion == 0) {
            shares[cars.size() - 1] = pool;
            return shares;
        }
        long paid = 0;
        for (int i = 0; i < cars.size(); i++) {
            shares[i] = Math.multiplyExact(pool, cars.get(i).completionTokens()) / completion;
            paid += shares[i];
        }
        for (int i = 0; paid < pool; i = (i + 1) % cars.size()) {
            if (cars.get(i).completionTokens() > 0) {
                shares[i]++;
                paid++;
            }
        }
        return shares;
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
