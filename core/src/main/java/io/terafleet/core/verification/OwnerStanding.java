package io.terafleet.core.verification;

import io.terafleet.core.lifecycle.TransitionTable;

/**
 * How far the coordinator trusts an owner, as the operator knows them (an owner is named by the enrollment grant
 * the operator issued, never by the car). A car's own {@link TrustState} is judged beside it.
 *
 * <pre>
 * PROBATION ──first car old enough and enough verified units──▶ TRUSTED
 * PROBATION | TRUSTED ──one of the owner's cars quarantined──▶ QUARANTINED
 * </pre>
 * On probation (and in quarantine) the owner's cars get canaries more often and their answers never make a quorum
 * among themselves: an agreement needs a replica of a trusted owner (or of the operator's own fleet).
 */
public enum OwnerStanding {
    PROBATION,
    TRUSTED,
    QUARANTINED;

    public static final TransitionTable<OwnerStanding> TRANSITIONS = TransitionTable.of(OwnerStanding.class)
            .from(PROBATION, TRUSTED, QUARANTINED)
            .from(TRUSTED, QUARANTINED)
            .build();

    /** Whether the owner's cars are held to probation's rules (more canaries, never a quorum alone). */
    public boolean held() {
        return this != TRUSTED;
    }

    public OwnerStanding moveTo(OwnerStanding next) {
        return TRANSITIONS.require(this, next);
    }
}
