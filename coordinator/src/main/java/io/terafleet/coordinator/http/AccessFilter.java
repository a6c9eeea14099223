package io.terafleet.coordinator.http;

import io.javalin.http.Context;
import io.terafleet.coordinator.cars.Secrets;
import io.terafleet.coordinator.tenants.RateLimiter;
import io.terafleet.coordinator.tenants.Tenant;
import io.terafleet.coordinator.tenants.TenantService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * Who may call what. Operator endpoints (tenants, enrollment tokens, model registration) need an operator key;
 * customer endpoints need a tenant's API key ({@code Authorization: Bearer sk-...}, as OpenAI clients send it)
 * and are rate limited per tenant; the agent API authenticates cars itself; health and the OpenAPI document
 * are open. Keys are compared as SHA-256 hashes.
 */
final class AccessFilter {
    private static final Set<String> OPEN = Set.of("/v1/health", "/openapi.yaml", "/v1/openapi.yaml",
            "/v2/health/live", "/v2/health/ready", "/v2", "/metrics");

    private final List<byte[]> operatorKeyHashes;
    private final TenantService tenants;
    private final RateLimiter limiter;
    private final Tenant anonymous;

    /** @param anonymous the tenant of callers without a key, or null to refuse them */
    AccessFilter(List<String> operatorKeys, TenantService tenants, RateLimiter limiter, Tenant anonymous) {
        this.operatorKeyHashes = operatorKeys.stream().map(AccessFilter::hash).toList();
        this.tenants = tenants;
        this.limiter = limiter;
        this.anonymous = anonymous;
    }

    void handle(Context ctx) {
        String path = ctx.path();
        if (path.startsWith("/v1/agent/") || OPEN.contains(path)) {
            return;
        }
        String key = bearer(ctx);
        if (isOperatorEndpoint(ctx)) {
            if (!isOperator(key)) {
                throw ApiError.unauthorized("this endpoint needs an operator key as 'Authorization: Bearer <key>'");
            }
            return;
        }
        if (isOperator(key) && (path.startsWith("/v1/models") || path.startsWith("/v1/owners/"))) {
            return; // operators read the registry they manage and the statements they pay out
        }
        if (path.startsWith("/v1/owners/") && !(key == null && anonymous != null)) {
            throw ApiError.unauthorized("owners' statements need an operator key");
        }
        Tenant tenant = key == null ? anonymousOrRefuse()
                : tenants.authenticate(key).orElseThrow(() -> ApiError.unauthorized("Incorrect API key provided"));
        if (limiter.request(tenant) instanceof RateLimiter.Limited limited) {
            throw ApiError.tooMany(limited.what(), limited.detail(), limited.retryAfterSeconds());
        }
        ctx.attribute(TenantScope.ATTRIBUTE, new TenantScope(tenant, limiter, key == null));
        if (path.equals("/v1/usage")) {
            TenantScope.requireCustomer(ctx, ctx.queryParam("customer"));
        }
    }

    private Tenant anonymousOrRefuse() {
        if (anonymous == null) {
            throw ApiError.unauthorized("You didn't provide an API key: send 'Authorization: Bearer <key>'");
        }
        return anonymous;
    }

    static boolean isOperatorEndpoint(Context ctx) {
        String path = ctx.path();
        return path.startsWith("/v1/tenants") || path.equals("/v1/enrollment-tokens")
                || (path.startsWith("/v1/models") && !"GET".equals(ctx.method().name()));
    }

    private boolean isOperator(String key) {
        if (key == null) {
            return false;
        }
        byte[] hash = hash(key);
        boolean match = false;
        for (byte[] known : operatorKeyHashes) {
            match |= MessageDigest.isEqual(known, hash); // constant time, and no early exit
        }
        return match;
    }

    private static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null) {
            return null;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw ApiError.unauthorized("Authorization: expected 'Bearer <key>'");
        }
        return header.substring(7).trim();
    }

    private static byte[] hash(String key) {
        return Secrets.sha256Hex(key).getBytes(StandardCharsets.US_ASCII);
    }
}
