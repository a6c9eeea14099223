package io.terafleet.coordinator.http;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import io.terafleet.coordinator.access.Access;
import io.terafleet.coordinator.cars.Secrets;
import io.terafleet.coordinator.service.CarService;
import io.terafleet.coordinator.tenants.RateLimiter;
import io.terafleet.coordinator.tenants.Tenant;
import io.terafleet.coordinator.tenants.TenantService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges every request on the route the router matched: the {@link Access} kinds declared with the route, and
 * the caller's bearer credential. Runs as a before-matched handler, so an alias of a path (trailing slash,
 * another spelling) either matches a route, and then that route's rule, or matches nothing and is a 404. A route
 * registered without a rule is refused (fail closed). Keys are compared as SHA-256 hashes.
 *
 * <p>A credential is tried only as the kinds the route admits, in a fixed order (operator, tenant, owner, car);
 * an unknown credential is 401, a valid credential of a kind the route does not admit is 403.
 */
final class AccessGate {
    private static final Logger LOG = LoggerFactory.getLogger(AccessGate.class);
    private static final List<Access> ORDER = List.of(Access.OPERATOR, Access.TENANT, Access.OWNER, Access.CAR);
    static final String OPERATOR = "terafleet.operator";
    static final String OWNER_ID = "terafleet.ownerId";

    private final List<byte[]> operatorKeyHashes;
    private final CarService cars;
    private final TenantService tenants;
    private final RateLimiter limiter;
    private final Tenant anonymous;
    private final boolean keylessTrusted;
    private final Function<String, Optional<String>> owners;

    /**
     * @param tenants   null on a coordinator without tenants: customer routes are open, as before tenants
     * @param anonymous the tenant of callers without a key, or null to refuse them
     * @param owners    owner id for an owner's key
     */
    AccessGate(List<String> operatorKeys, CarService cars, TenantService tenants, RateLimiter limiter,
               Tenant anonymous, Function<String, Optional<String>> owners) {
        this.operatorKeyHashes = operatorKeys.stream().map(AccessGate::hash).toList();
        this.cars = cars;
        this.tenants = tenants;
        this.limiter = limiter;
        this.anonymous = anonymous;
        this.keylessTrusted = tenants == null || anonymous != null;
        this.owners = owners;
    }

    void handle(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.isEmpty()) {
            LOG.error("route {} {} has no declared access rule; refused", ctx.method(), ctx.endpointHandlerPath());
            throw ApiError.forbidden("this route declares no access rule and is closed");
        }
        if (roles.contains(Access.ANONYMOUS)) {
            return;
        }
        String key = bearer(ctx);
        for (Access kind : ORDER) {
            if (roles.contains(kind) && admit(ctx, kind, key)) {
                return;
            }
        }
        refuse(roles, key);
    }

    private boolean admit(Context ctx, Access kind, String key) {
        if (key == null) {
            return admitKeyless(ctx, kind);
        }
        return switch (kind) {
            case OPERATOR -> {
                boolean ok = isOperator(key);
                if (ok) {
                    ctx.attribute(OPERATOR, Boolean.TRUE);
                }
                yield ok;
            }
            case TENANT -> {
                if (tenants == null) {
                    yield true;
                }
                Optional<Tenant> tenant = tenants.authenticate(key);
                tenant.ifPresent(t -> enterTenant(ctx, t, false, TenantScope.prefixOf(key)));
                yield tenant.isPresent();
            }
            case OWNER -> {
                Optional<String> owner = owners.apply(key);
                owner.ifPresent(id -> ctx.attribute(OWNER_ID, id));
                yield owner.isPresent();
            }
            case CAR -> {
                Optional<String> car = cars.authenticate(key);
                car.ifPresent(id -> ctx.attribute(AgentRoutes.CAR_ID, id));
                yield car.isPresent();
            }
            case ANONYMOUS -> true;
        };
    }

    /** Without a key: only on a trusted (embedded) coordinator, as its default tenant or reading statements. */
    private boolean admitKeyless(Context ctx, Access kind) {
        if (kind == Access.TENANT && anonymous != null) {
            enterTenant(ctx, anonymous, true, null);
            return true;
        }
        return keylessTrusted && (kind == Access.TENANT || kind == Access.OWNER);
    }

    private void enterTenant(Context ctx, Tenant tenant, boolean keyless, String keyPrefix) {
        if (limiter.request(tenant) instanceof RateLimiter.Limited limited) {
            throw ApiError.tooMany(limited.what(), limited.detail(), limited.retryAfterSeconds());
        }
        ctx.attribute(TenantScope.ATTRIBUTE, new TenantScope(tenant, limiter, keyless, keyPrefix));
    }

    private void refuse(Set<RouteRole> roles, String key) {
        String needs = ORDER.stream().filter(roles::contains).map(a -> a.name().toLowerCase(java.util.Locale.ROOT))
                .reduce((a, b) -> a + " or " + b).orElse("none");
        if (key == null) {
            throw ApiError.unauthorized("Authorization: this route needs a credential (" + needs
                    + ") sent as 'Bearer <key>'");
        }
        if (isKnownElsewhere(roles, key)) {
            throw ApiError.forbidden("Your credential is valid but this route is for: " + needs);
        }
        throw ApiError.unauthorized(roles.contains(Access.TENANT) ? "Incorrect API key provided"
                : "The credential is not valid for this route (" + needs + ")");
    }

    /** Whether the key is a valid credential of a kind this route does not admit (403 rather than 401). */
    private boolean isKnownElsewhere(Set<RouteRole> roles, String key) {
        return (!roles.contains(Access.OPERATOR) && isOperator(key))
                || (!roles.contains(Access.TENANT) && tenants != null && tenants.authenticate(key).isPresent())
                || (!roles.contains(Access.OWNER) && owners.apply(key).isPresent())
                || (!roles.contains(Access.CAR) && cars.authenticate(key).isPresent());
    }

    private boolean isOperator(String key) {
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
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            throw ApiError.unauthorized("Authorization: expected 'Bearer <key>'");
        }
        return header.substring(7).trim();
    }

    private static byte[] hash(String key) {
        return Secrets.sha256Hex(key).getBytes(StandardCharsets.US_ASCII);
    }
}
