package io.terafleet.core.verification;

import io.terafleet.core.lifecycle.TransitionTable;

/**
 * How far the coordinator trusts a car's results.
 *
 * <pre>
 * NEW ──valid──▶ PROBATION ──streak of valid results──▶ TRUSTED
 *                    ▲                                      │
 *                    └──────────── one invalid ─────────────┘
 * NEW | PROBATION | TRUSTED ──too many strikes──▶ QUARANTINED ──operator reinstates──▶ NEW
 * </pre>
 * An invalid result in NEW or PROBATION resets the streak without a move; only TRUSTED cars get
 * unreplicated work.
 */
public enum TrustState {
    NEW,
    PROBATION,
    TRUSTED,
    QUARANTINED;

    public static final TransitionTable<TrustState> TRANSITIONS = TransitionTable.of(TrustState.class)
            .from(NEW, PROBATION, QUARANTINED)
            .from(PROBATION, TRUSTED, QUARANTINED)
            .from(TRUSTED, PROBATION, QUARANTINED)
            .from(QUARANTINED, NEW)
            .build();

    public TrustState moveTo(TrustState next) {
        return TRANSITIONS.require(this, next);
    }
}
