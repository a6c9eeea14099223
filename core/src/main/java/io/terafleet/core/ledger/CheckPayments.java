package io.terafleet.core.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pays a checking car's owner, in one balanced posting funded by the platform (verification is the platform's cost,
 * as the energy of replicas is; the customer pays for one answer however it was checked):
 * <ul>
 *   <li>compute: the owners' share of what the tokens the car processed would cost a customer at the model's token
 *       prices, debited from the platform's fees;</li>
 *   <li>energy: the lease's bounded energy, capped per token processed as answers' energy is, at the owner's tariff,
 *       debited from the platform's energy account.</li>
 * </ul>
 * The owner's lines name the car and point at the check's lease.
 */
public final class CheckPayments {
    private final PriceList prices;
    private final SettlementTerms terms;

    public CheckPayments(PriceList prices, SettlementTerms terms) {
        this.prices = prices;
        this.terms = terms;
    }

    /** The posting, or empty when the check earned nothing (no token price and no energy). */
    public Optional<Posting> pay(CheckWork work) {
        long compute = prices.priceForTokens(work.model(), work.promptTokens(), work.completionTokens())
                .map(price -> Math.multiplyExact(price.micros(), terms.ownerShareBasisPoints())
                        / SettlementTerms.BASIS_POINTS)
                .orElse(0L);
        long tokens = Math.max(1, work.promptTokens() + work.completionTokens());
        long milliWh = Math.min(work.milliWh(), Math.multiplyExact(terms.maxEnergyMilliWhPerInput(), tokens));
        long energy = EnergyPricing.costMicros(milliWh, work.microsPerKwh());
        if (compute == 0 && energy == 0) {
            return Optional.empty();
        }
        Account owner = Account.owner(work.ownerId());
        List<Entry> entries = new ArrayList<>();
        if (compute > 0) {
            entries.add(new Entry(owner, EntryRole.REVENUE_SHARE, compute, work.carId(), work.leaseId(), 0, 0, 0));
            entries.add(Entry.of(Account.platformFees(), EntryRole.FEE, -compute));
        }
        if (energy > 0) {
            entries.add(new Entry(owner, EntryRole.ENERGY, energy, work.carId(), work.leaseId(), 0, 0, milliWh));
            entries.add(Entry.of(Account.energyReimbursement(), EntryRole.ENERGY_FUNDING, -energy));
        }
        return Optional.of(new Posting(work.settlementKey(), PostingKind.SETTLEMENT, prices.currency(),
                work.checkedAt(), work.checkId(), work.model(), null, entries));
    }
}
