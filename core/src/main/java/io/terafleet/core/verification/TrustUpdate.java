package io.terafleet.core.verification;

import java.util.List;

/**
 * A verdict's effect on a car's trust: before, after, and the states it moved through in order
 * (empty when the state did not change).
 */
public record TrustUpdate(CarTrust before, CarTrust after, List<TrustState> moves) {
    public TrustUpdate {
        moves = List.copyOf(moves);
    }

    static TrustUpdate unchanged(CarTrust trust) {
        return new TrustUpdate(trust, trust, List.of());
    }

    /**
     * True when this verdict put the car in quarantine: the moment to void its unpaid credit
     * ({@code io.terafleet.core.ledger.Corrections#voidUnpaidCredit}).
     */
    public boolean quarantinedNow() {
        return !before.isQuarantined() && after.isQuarantined();
    }

    public boolean changedState() {
        return before.state() != after.state();
    }
}
