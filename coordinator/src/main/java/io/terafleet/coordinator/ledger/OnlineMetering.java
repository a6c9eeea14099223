package io.terafleet.coordinator.ledger;

import io.terafleet.core.ledger.Account;
import io.terafleet.core.ledger.VerifiedUnit;
import io.terafleet.core.ledger.VerifiedWork;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Charges an answered online request by its inputs (an embeddings request, a KServe inference) and pays the owner
 * of the car whose signed answer was delivered: settled once, under the request's id, as a unit of its own, at the
 * model's price per input as for batch work. No energy is paid: a car reports none for an online answer. A model
 * without a price is delivered uncharged, as in a batch.
 */
public final class OnlineMetering {
    /** The job id online settlements carry: they belong to no job. */
    public static final String ONLINE = "online";
    /** The tariff a settlement names; with no energy paid, it pays nothing. */
    private static final long MICROS_PER_KWH = 300_000;

    private final LedgerService ledger;
    private final Function<String, Optional<String>> ownerOf;

    /** @param ownerOf who is paid for a car's work (a car without an owner is paid itself) */
    public OnlineMetering(LedgerService ledger, Function<String, Optional<String>> ownerOf) {
        this.ledger = ledger;
        this.ownerOf = ownerOf;
    }

    /** Charges {@code tenant} for {@code inputs} answered by {@code carId} in request {@code requestId}. */
    public LedgerService.Settled charge(String requestId, String tenant, String model, long inputs, String carId) {
        String unit = ONLINE + ":" + requestId;
        var work = new VerifiedWork(unit, carId, ownerOf.apply(carId).orElse(carId), 0, MICROS_PER_KWH);
        return ledger.settle(new VerifiedUnit(unit, ONLINE, Account.customer(tenant), model, inputs, List.of(work),
                ledger.now()));
    }
}
