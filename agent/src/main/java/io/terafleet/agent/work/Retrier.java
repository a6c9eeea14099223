package io.terafleet.agent.work;

import io.terafleet.agent.client.CoordinatorException;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Retries retryable coordinator calls with capped exponential backoff; others fail at once. */
final class Retrier {
    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    private final int maxAttempts;
    private final Duration firstDelay;
    private final Duration maxDelay;

    Retrier(int maxAttempts, Duration firstDelay, Duration maxDelay) {
        this.maxAttempts = maxAttempts;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
    }

    <T> T call(String what, Supplier<T> call) {
        Duration delay = firstDelay;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (CoordinatorException e) {
                if (!e.retryable() || attempt >= maxAttempts) {
                    throw e;
                }
                Duration wait = waitBefore(e, delay);
                LOG.info("{} failed (attempt {} of {}), retrying in {} ms: {}", what, attempt, maxAttempts,
                        wait.toMillis(), e.getMessage());
                sleep(wait);
                delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
            }
        }
    }

    /**
     * Retries a retryable failure, with the same backoff, for as long as {@code clock} is before {@code giveUpAt}
     * however many attempts that takes: for a call whose effect must not be lost while it can still count (a
     * finished unit's completion, until its lease has certainly expired).
     */
    <T> T callUntil(String what, Supplier<T> call, java.time.Clock clock, java.time.Instant giveUpAt) {
        Duration delay = firstDelay;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (CoordinatorException e) {
                Duration wait = waitBefore(e, delay);
                if (!e.retryable() || !clock.instant().plus(wait).isBefore(giveUpAt)) {
                    throw e;
                }
                LOG.info("{} failed (attempt {}, until {}), retrying in {} ms: {}", what, attempt, giveUpAt,
                        wait.toMillis(), e.getMessage());
                sleep(wait);
                delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
            }
        }
    }

    /** The coordinator's Retry-After when it asked for longer than our backoff (the client caps it), else ours. */
    static Duration waitBefore(CoordinatorException e, Duration backoff) {
        return e.retryAfter().filter(asked -> asked.compareTo(backoff) > 0).orElse(backoff);
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinatorException("interrupted while backing off", 0, false, e);
        }
    }
}
