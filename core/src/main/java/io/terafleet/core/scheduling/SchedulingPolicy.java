package io.terafleet.core.scheduling;

import java.time.Duration;
import java.util.Objects;

/**
 * The scheduler's settings.
 *
 * @param sizing         how units are cut per car
 * @param urgencyHorizon a batch job whose deadline is nearer than this goes ahead of fair share and affinity
 *                       (earliest deadline first among such jobs)
 */
public record SchedulingPolicy(UnitSizing sizing, Duration urgencyHorizon) {
    public static final SchedulingPolicy DEFAULT = new SchedulingPolicy(UnitSizing.DEFAULT, Duration.ofHours(1));

    public SchedulingPolicy {
        Objects.requireNonNull(sizing, "sizing: must be set");
        Objects.requireNonNull(urgencyHorizon, "urgencyHorizon: must be set");
        if (urgencyHorizon.isNegative()) {
            throw new IllegalArgumentException("urgencyHorizon: must not be negative, was " + urgencyHorizon);
        }
    }

    public SchedulingPolicy withSizing(UnitSizing newSizing) {
        return new SchedulingPolicy(newSizing, urgencyHorizon);
    }
}
