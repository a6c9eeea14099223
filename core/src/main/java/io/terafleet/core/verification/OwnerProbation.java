package io.terafleet.core.verification;

import java.time.Duration;
import java.time.Instant;

/**
 * When a new owner leaves probation: once their first car enrolled at least {@code minAge} ago and their cars have
 * at least {@code minVerifiedUnits} verified units (judged valid by a quorum or a canary). Until then each lease of
 * their cars is a canary with chance {@code canaryRate} (where the model has canaries).
 *
 * @param minAge           how long since the owner's first car enrolled (default 7 days)
 * @param minVerifiedUnits verified units of the owner's cars (default 20)
 * @param canaryRate       chance that a lease of a car on probation is a canary, within [0, 0.5] (default 0.25)
 */
public record OwnerProbation(Duration minAge, long minVerifiedUnits, double canaryRate) {
    public OwnerProbation {
        if (minAge == null || minAge.isNegative()) {
            throw new IllegalArgumentException("minAge: must be set and ≥ 0, was " + minAge);
        }
        if (minVerifiedUnits < 0) {
            throw new IllegalArgumentException("minVerifiedUnits: must be ≥ 0, was " + minVerifiedUnits);
        }
        if (!(canaryRate >= 0 && canaryRate <= 0.5)) {
            throw new IllegalArgumentException("canaryRate: must be within [0, 0.5], was " + canaryRate);
        }
    }

    public static OwnerProbation defaults() {
        return new OwnerProbation(Duration.ofDays(7), 20, 0.25);
    }

    /**
     * The owner's standing now: probation ends by itself once both thresholds pass; quarantine and trust stay.
     *
     * @param firstCarAt when the owner's first car enrolled
     */
    public OwnerStanding standing(OwnerStanding stored, Instant firstCarAt, long verifiedUnits, Instant now) {
        if (stored == OwnerStanding.PROBATION && verifiedUnits >= minVerifiedUnits
                && !Duration.between(firstCarAt, now).minus(minAge).isNegative()) {
            return stored.moveTo(OwnerStanding.TRUSTED);
        }
        return stored;
    }

    /** One of the owner's cars was quarantined: the owner's other cars lose the benefit of the doubt. */
    public static OwnerStanding onCarQuarantined(OwnerStanding stored) {
        return stored == OwnerStanding.QUARANTINED ? stored : stored.moveTo(OwnerStanding.QUARANTINED);
    }
}
