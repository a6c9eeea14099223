package io.terafleet.coordinator.tenants;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-tenant request rate and daily input quota, as token buckets in this coordinator's memory. With several
 * coordinators, each tells the others what it let through ({@link #onSpend}, carried by the cluster bus) and takes
 * what they let through from its own buckets ({@link #spentElsewhere}), so a tenant's limit holds across them up to
 * the bus's delay; the store is never touched on the request path.
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

    /** Told of every request or input this coordinator lets through. */
    public interface SpendListener {
        /** @param what {@code requests} or {@code inputs} */
        void spent(String tenantId, String what, long amount);
    }

    private final Clock clock;
    private final ConcurrentHashMap<String, Buckets> buckets = new ConcurrentHashMap<>();
    private volatile SpendListener spendListener = (tenant, what, amount) -> { };

    private record Buckets(TenantLimits limits, TokenBucket requests, TokenBucket inputs) {
    }

    public RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /** One request by {@code tenant}. */
    public Decision request(Tenant tenant) {
        long wait = bucketsOf(tenant).requests().tryTake(1, nowNanos());
        if (wait == 0) {
            spendListener.spent(tenant.id(), "requests", 1);
        }
        return wait == 0 ? ALLOWED : new Limited("requests", seconds(wait),
                "rate limit of " + tenant.limits().requestsPerSecond() + " requests/s (burst "
                        + tenant.limits().burst() + ") reached");
    }

    /** {@code count} inputs (texts or batch lines) against the tenant's daily quota. */
    public Decision inputs(Tenant tenant, long count) {
        long wait = bucketsOf(tenant).inputs().tryTake(count, nowNanos());
        if (wait == 0) {
            spendListener.spent(tenant.id(), "inputs", count);
            return ALLOWED;
        }
        String detail = wait == Long.MAX_VALUE
                ? count + " inputs exceed the daily quota of " + tenant.limits().inputsPerDay()
                : "daily quota of " + tenant.limits().inputsPerDay() + " inputs reached";
        return new Limited("inputs", wait == Long.MAX_VALUE ? (long) DAY_SECONDS : seconds(wait), detail);
    }

    /** Where this coordinator's spends go (the cluster bus); one listener. */
    public void onSpend(SpendListener listener) {
        this.spendListener = listener;
    }

    /**
     * What another coordinator let through for a tenant, taken from this coordinator's buckets (which may go into
     * debt). A tenant this coordinator has not served yet has no buckets here and is skipped.
     */
    public void spentElsewhere(String tenantId, String what, long amount) {
        Buckets tenantBuckets = buckets.get(tenantId);
        if (tenantBuckets == null) {
            return;
        }
        (what.equals("requests") ? tenantBuckets.requests() : tenantBuckets.inputs()).spend(amount, nowNanos());
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
