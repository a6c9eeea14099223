package io.terafleet.core.verification;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A car's trust: its state, its current streak of valid results and its strikes (invalid results not
 * yet forgiven). Immutable; every verdict gives a {@link TrustUpdate} with the new value and the moves
 * it made, each checked against {@link TrustState#TRANSITIONS}.
 */
public record CarTrust(String carId, TrustState state, int validStreak, int strikes, long totalValid,
                       long totalInvalid) {

    public CarTrust {
        if (carId == null || carId.isBlank()) {
            throw new IllegalArgumentException("carId: must not be empty");
        }
        Objects.requireNonNull(state, "state: must not be null");
        if (validStreak < 0 || strikes < 0 || totalValid < 0 || totalInvalid < 0) {
            throw new IllegalArgumentException("validStreak, strikes, totalValid, totalInvalid: must be ≥ 0");
        }
    }

    public static CarTrust newCar(String carId) {
        return new CarTrust(carId, TrustState.NEW, 0, 0, 0, 0);
    }

    /** A result of this car was found valid (by quorum or canary). A quarantined car stays quarantined. */
    public TrustUpdate onValid(AdaptiveReplication rules) {
        if (state == TrustState.QUARANTINED) {
            return TrustUpdate.unchanged(this);
        }
        int streak = validStreak + 1;
        int left = streak % rules.strikeDecayValid() == 0 ? Math.max(0, strikes - 1) : strikes;
        List<TrustState> moves = new ArrayList<>();
        TrustState next = state;
        if (next == TrustState.NEW) {
            next = step(next, TrustState.PROBATION, moves);
        }
        if (next == TrustState.PROBATION && streak >= rules.trustAfterValid()) {
            next = step(next, TrustState.TRUSTED, moves);
        }
        return new TrustUpdate(this, new CarTrust(carId, next, streak, left, totalValid + 1, totalInvalid), moves);
    }

    /** A result of this car was found invalid: the streak ends, trust is lost, a strike is added. */
    public TrustUpdate onInvalid(AdaptiveReplication rules) {
        if (state == TrustState.QUARANTINED) {
            return new TrustUpdate(this, new CarTrust(carId, state, 0, strikes + 1, totalValid, totalInvalid + 1),
                    List.of());
        }
        int struck = strikes + 1;
        List<TrustState> moves = new ArrayList<>();
        TrustState next = state;
        if (struck >= rules.quarantineAfterInvalid()) {
            next = step(next, TrustState.QUARANTINED, moves);
        } else if (next == TrustState.TRUSTED) {
            next = step(next, TrustState.PROBATION, moves);
        }
        return new TrustUpdate(this, new CarTrust(carId, next, 0, struck, totalValid, totalInvalid + 1), moves);
    }

    /** An operator lets a quarantined car start again from scratch (its history totals are kept). */
    public TrustUpdate reinstate() {
        List<TrustState> moves = new ArrayList<>();
        TrustState next = step(state, TrustState.NEW, moves);
        return new TrustUpdate(this, new CarTrust(carId, next, 0, 0, totalValid, totalInvalid), moves);
    }

    public boolean isTrusted() {
        return state == TrustState.TRUSTED;
    }

    public boolean isQuarantined() {
        return state == TrustState.QUARANTINED;
    }

    private static TrustState step(TrustState from, TrustState to, List<TrustState> moves) {
        moves.add(from.moveTo(to));
        return to;
    }
}
