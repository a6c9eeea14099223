package io.terafleet.coordinator.http;

import io.javalin.http.Context;
import io.terafleet.coordinator.service.JobService;
import io.terafleet.coordinator.tenants.RateLimiter;
import io.terafleet.coordinator.tenants.Tenant;
import java.util.Optional;

/**
 * The tenant a customer request acts for, set by {@link AccessFilter}. What a tenant does not own it cannot
 * see: another tenant's job, file or batch answers 404 exactly as one that does not exist (never 403, which
 * would confirm it exists).
 */
public final class TenantScope {
    static final String ATTRIBUTE = "terafleet.tenantScope";

    private final Tenant tenant;
    private final RateLimiter limiter;
    private final boolean anonymous;
    private final String keyPrefix;

    /**
     * @param anonymous a caller without a key on a coordinator that allows them (embedded, trusted): it acts as
     *                  the default tenant but may name another for a job, and reads every job, as before tenants
     * @param keyPrefix the prefix of the API key the caller signed in with (what its charges name), null without
     */
    TenantScope(Tenant tenant, RateLimiter limiter, boolean anonymous, String keyPrefix) {
        this.tenant = tenant;
        this.limiter = limiter;
        this.anonymous = anonymous;
        this.keyPrefix = keyPrefix;
    }

    public Tenant tenant() {
        return tenant;
    }

    /** The prefix by which a key is listed, revoked and named on its charges: its first ten characters. */
    static String prefixOf(String key) {
        return key == null ? null : key.substring(0, Math.min(10, key.length()));
    }

    /** The prefix of the API key a customer request came with; null for a keyless caller or none at all. */
    static String apiKey(Context ctx) {
        return of(ctx).map(scope -> scope.keyPrefix).orElse(null);
    }

    /** Whose turn an online request waits in: the caller's tenant, or no tenant on an open coordinator. */
    static String onlineTurn(Context ctx) {
        return of(ctx).map(scope -> scope.tenant().id()).orElse(io.terafleet.coordinator.online.OnlineRouter.NO_TENANT);
    }

    static Optional<TenantScope> of(Context ctx) {
        return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }

    static TenantScope require(Context ctx) {
        return of(ctx).orElseThrow(() -> ApiError.unauthorized("an API key is required"));
    }

    /** Refuses (404, as for a job that does not exist) a job the caller's tenant does not own. */
    static void requireJob(Context ctx, JobService jobs, String jobId) {
        of(ctx).filter(scope -> !scope.anonymous).ifPresent(scope -> {
            boolean owned = jobs.status(jobId).map(job -> scope.tenant.id().equals(job.tenant())).orElse(false);
            if (!owned) {
                throw ApiProblem.notFound("job", jobId);
            }
        });
    }

    /**
     * The tenant a new job belongs to: the caller's, from its API key. A {@code tenant} the caller names
     * itself must be its own; without tenants (no cloud services) the named one is taken as it is.
     */
    static String tenantOf(Context ctx, String named) {
        return of(ctx).filter(scope -> !scope.anonymous).map(scope -> {
            if (named != null && !named.equals(scope.tenant.id())) {
                throw ApiProblem.badField("tenant", "comes from your API key; you act as " + scope.tenant.id());
            }
            return scope.tenant.id();
        }).orElse(named);
    }

    /** A tenant reads its own usage only; another's is as absent as an unknown customer's. */
    static void requireCustomer(Context ctx, String customer) {
        of(ctx).filter(scope -> !scope.anonymous).ifPresent(scope -> {
            if (!scope.tenant.id().equals(customer)) {
                throw ApiProblem.notFound("usage of customer", String.valueOf(customer));
            }
        });
    }

    /** Charges {@code count} inputs to the tenant's daily quota; 429 with Retry-After when it is spent. */
    static void chargeInputs(Context ctx, long count) {
        of(ctx).ifPresent(scope -> {
            if (scope.limiter.inputs(scope.tenant, count) instanceof RateLimiter.Limited limited) {
                throw ApiError.tooMany(limited.what(), limited.detail(), limited.retryAfterSeconds());
            }
        });
    }
}
