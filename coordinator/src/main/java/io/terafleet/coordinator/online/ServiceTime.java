package io.terafleet.coordinator.online;

import java.time.Duration;

/**
 * How long the cars of one model take per request, hand-over to answer (a moving average), and how many serve it:
 * what a waiting request can expect, so that a refused client is told when to come back ({@code Retry-After}).
 */
final class ServiceTime {
    /** Weight of the newest sample in the moving average. */
    private static final double WEIGHT = 0.2;
    static final long MAX_RETRY_AFTER_SECONDS = 60;

    private double meanNanos = Duration.ofMillis(20).toNanos(); // an embedding's order of magnitude, until measured
    private int serving;
    private long answered;

    synchronized void started() {
        serving++;
    }

    synchronized void finished(long nanos) {
        serving = Math.max(0, serving - 1);
        answered++;
        meanNanos += WEIGHT * (nanos - meanNanos);
    }

    synchronized void abandoned() {
        serving = Math.max(0, serving - 1);
    }

    /**
     * Seconds until {@code queued} requests ahead are served by the cars serving now (at least one car), rounded
     * up to a whole second, within 1..{@link #MAX_RETRY_AFTER_SECONDS}.
     */
    synchronized long retryAfterSeconds(int queued, int readyCars) {
        int cars = Math.max(1, serving + readyCars);
        double seconds = Math.max(1, queued) * meanNanos / cars / 1e9;
        return Math.max(1, Math.min(MAX_RETRY_AFTER_SECONDS, (long) Math.ceil(seconds)));
    }

    /** Requests the cars answered so far. */
    synchronized long answered() {
        return answered;
    }

    synchronized Duration mean() {
        return Duration.ofNanos((long) meanNanos);
    }
}
