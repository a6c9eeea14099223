package io.terafleet.core.verification;

/**
 * Adaptive replication as BOINC does it: a car that has returned {@code trustAfterValid} valid
 * results in a row gets unreplicated work, except for spot checks whose probability falls as its
 * streak grows: {@code max(spotCheckFloor, spotCheckInitial * trustAfterValid / streak)}.
 * {@code quarantineAfterInvalid} strikes (invalid results) quarantine a car; every
 * {@code strikeDecayValid} valid results in a row forgive one strike, so that a rare glitch on an
 * honest car does not add up to a quarantine over years.
 */
public record AdaptiveReplication(boolean enabled, int trustAfterValid, double spotCheckInitial,
                                  double spotCheckFloor, int quarantineAfterInvalid, int strikeDecayValid) {

    public AdaptiveReplication {
        require(trustAfterValid >= 1 && trustAfterValid <= 1_000_000, "trustAfterValid",
                "must be within 1..1000000, was " + trustAfterValid);
        require(spotCheckInitial > 0 && spotCheckInitial <= 1, "spotCheckInitial",
                "must be within (0, 1], was " + spotCheckInitial);
        require(spotCheckFloor > 0 && spotCheckFloor <= spotCheckInitial, "spotCheckFloor",
                "must be within (0, spotCheckInitial], was " + spotCheckFloor
                        + " (a floor of 0 would let a trusted car cheat unseen forever)");
        require(quarantineAfterInvalid >= 1 && quarantineAfterInvalid <= 1000, "quarantineAfterInvalid",
                "must be within 1..1000, was " + quarantineAfterInvalid);
        require(strikeDecayValid >= 1, "strikeDecayValid", "must be ≥ 1, was " + strikeDecayValid);
    }

    /** On: trusted after 10 valid results, spot checks from 50% down to 5%, quarantine at 3 strikes. */
    public static AdaptiveReplication defaults() {
        return new AdaptiveReplication(true, 10, 0.5, 0.05, 3, 50);
    }

    public static AdaptiveReplication off() {
        return new AdaptiveReplication(false, 10, 0.5, 0.05, 3, 50);
    }

    public AdaptiveReplication withEnabled(boolean on) {
        return new AdaptiveReplication(on, trustAfterValid, spotCheckInitial, spotCheckFloor, quarantineAfterInvalid,
                strikeDecayValid);
    }

    private static void require(boolean ok, String field, String detail) {
        if (!ok) {
            throw new IllegalArgumentException(field + ": " + detail);
        }
    }
}
