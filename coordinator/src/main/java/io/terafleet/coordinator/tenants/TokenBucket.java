package io.terafleet.coordinator.tenants;

/**
 * A token bucket: holds up to {@code capacity} tokens, refilled at {@code perSecond}. Time is passed in
 * (nanoseconds from the caller's clock) so that tests drive it; thread-safe.
 */
final class TokenBucket {
    private final double capacity;
    private final double perNano;
    private double tokens;
    private long lastNanos;

    TokenBucket(double capacity, double perSecond, long nowNanos) {
        this.capacity = capacity;
        this.perNano = perSecond / 1e9;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /**
     * Takes {@code n} tokens if the bucket holds them.
     *
     * @return 0 when taken, else how many nanoseconds until it would hold them (nothing is taken);
     *         {@link Long#MAX_VALUE} when {@code n} exceeds the capacity and never will fit
     */
    synchronized long tryTake(double n, long nowNanos) {
        if (nowNanos > lastNanos) {
            tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * perNano);
            lastNanos = nowNanos;
        }
        if (tokens >= n) {
            tokens -= n;
            return 0;
        }
        if (n > capacity) {
            return Long.MAX_VALUE;
        }
        return (long) Math.ceil((n - tokens) / perNano);
    }

    /**
     * Takes {@code n} tokens spent elsewhere (another coordinator served them): the bucket may go into debt, down
     * to minus its capacity, and refills from there.
     */
    synchronized void spend(double n, long nowNanos) {
        if (nowNanos > lastNanos) {
            tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * perNano);
            lastNanos = nowNanos;
        }
        tokens = Math.max(-capacity, tokens - n);
    }
}
