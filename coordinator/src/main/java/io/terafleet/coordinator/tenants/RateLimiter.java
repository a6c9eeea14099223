package io.terafleet.coordinator.tenants;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-tenant request rate and daily input quota, as token buckets in this coordinator's memory. Several
 * coordinators each enforce the limits on what they serve; a tenant spread over N of them may get up to N
 * times its rate, which is the price of never touching the store on the request path.
 */
public final class RateLimiter {
    private static final double DAY_SECONDS = 86_400;

    /** Allowed, or not, with the seconds after which the same request would be. */
    public sealed interface Decision {
    }

    public record Allowed() implements Decision {
    }

    /** @param what {@code requests} or {@code inputs}: the limit that was hit */
    public record Limited(String what, long retryAfterSeconds, String detail) implements Decision {
    }

    private static final Allowed ALLOWED = new Allowed();

    private final Clock clock;
    private final ConcurrentHashMap<String, Buckets> buckets = new ConcurrentHashMap<>();

    private record Buckets(TenantLimits limits, TokenBucket requests, TokenBucket inputs) {
    }

    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /** One request by {@code tenant}. */
    public Decision request(Tenant tenant) {
        long wait = bucketsOf(tenant).requests().tryTake(1, nowNanos());
        return wait == 0 ? ALLOWED : new Limited("requests", seconds(wait),
                "rate limit of " + tenant.limits().requestsPerSecond() + " requests/s (burst "
                        + tenant.limits().burst() + ") reached");
    }

    /** {@code count} inputs (texts or batch lines) against the tenant's daily quota. */
    public Decision inputs(Tenant tenant, long count) {
        long wait = bucketsOf(tenant).inputs().tryTake(count, nowNanos());
        if (wait == 0) {
            return ALLOWED;
        }
        String detail = wait == Long.MAX_VALUE
                ? count + " inputs exceed the daily quota of " + tenant.limits().inputsPerDay()
                : "daily quota of " + tenant.limits().inputsPerDay() + " inputs reached";
        return new Limited("inputs", wait == Long.MAX_VALUE ? (long) DAY_SECONDS : seconds(wait), detail);
    }

    private Buckets bucketsOf(Tenant tenant) {
        // Limits may change (an operator edits the tenant): new limits start a fresh bucket.
        return buckets.compute(tenant.id(), (id, existing) -> existing != null && existing.limits().equals(tenant.limits())
                ? existing : newBuckets(tenant.limits()));
    }

    private Buckets newBuckets(TenantLimits limits) {
        long now = nowNanos();
        return new Buckets(limits, new TokenBucket(limits.burst(), limits.requestsPerSecond(), now),
                new TokenBucket(limits.inputsPerDay(), limits.inputsPerDay() / DAY_SECONDS, now));
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
