package io.terafleet.core.scheduling;

import java.time.Duration;
import java.util.Objects;

/**
 * When a unit that did not complete goes back to the queue, and when it gives up.
 *
 * <p>An expired lease (the car went silent) is a failed attempt: the unit waits {@code baseDelay × 2^(n-1)}
 * (at most {@link #maxDelay}) after its n-th, and fails after {@link #maxAttempts}. A release (the car handed the
 * unit back in order, with its finished inputs, usually because its owner's policy stopped it) is not a failure:
 * the first release requeues at once so that a preempted unit moves on in milliseconds, later ones back off the
 * same way, and a unit released {@link #maxReleases} times fails, so that a unit no car can finish does not
 * circulate for ever.
 */
public record RetryPolicy(int maxAttempts, int maxReleases, Duration baseDelay, Duration maxDelay) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, 20, Duration.ofSeconds(1), Duration.ofSeconds(60));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: must be at least 1, was " + maxAttempts);
        }
        if (maxReleases < 1) {
            throw new IllegalArgumentException("maxReleases: must be at least 1, was " + maxReleases);
        }
        Objects.requireNonNull(baseDelay, "baseDelay: must be set");
        Objects.requireNonNull(maxDelay, "maxDelay: must be set");
        if (baseDelay.isNegative()) {
            throw new IllegalArgumentException("baseDelay: must not be negative, was " + baseDelay);
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("maxDelay: must be at least baseDelay, was " + maxDelay);
        }
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, maxReleases, baseDelay, maxDelay);
    }

    /** Delay before a unit whose lease expired for the {@code failedAttempts}-th time may be leased again. */
    public Duration delayAfterExpiry(int failedAttempts) {
        return backoff(failedAttempts);
    }

    /** Delay before a unit released for the {@code releases}-th time may be leased again (none after the first). */
    public Duration delayAfterRelease(int releases) {
        return releases <= 1 ? Duration.ZERO : backoff(releases - 1);
    }

    public boolean attemptsExhausted(int failedAttempts) {
        return failedAttempts >= maxAttempts;
    }

    public boolean releasesExhausted(int releases) {
        return releases >= maxReleases;
    }

    private Duration backoff(int n) {
        if (n < 1) {
            return Duration.ZERO;
        }
        int shift = Math.min(n - 1, 30);
        long nanos = baseDelay.toNanos();
        long scaled = nanos > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : nanos << shift;
        return scaled >= maxDelay.toNanos() ? maxDelay : Duration.ofNanos(scaled);
    }
}
