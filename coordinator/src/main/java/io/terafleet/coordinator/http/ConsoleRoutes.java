package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.terafleet.coordinator.access.Access;
import io.terafleet.coordinator.console.ConsoleAssets;
import io.terafleet.coordinator.console.ConsoleViews;
import io.terafleet.coordinator.console.LiveFeed;
import io.terafleet.coordinator.owners.OwnerService;
import io.terafleet.coordinator.service.JobService;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The web console: its files (public: they hold no data), who a key signs in as, each role's live state as
 * server-sent events, and an owner's cars. Every data route admits only the roles whose data it shows, and shows
 * a viewer only what its key reads through the API.
 */
final class ConsoleRoutes {
    /** Who signed in: the role, the id of the account (null for the operator) and a customer's limits. */
    record Viewer(String role, String id, String name, io.terafleet.coordinator.tenants.TenantLimits limits) {
    }

    private final ConsoleViews views;
    private final ConsoleAssets assets = new ConsoleAssets();
    private final LiveFeed feed;
    private final JobService jobs;
    private final OwnerService owners;

    ConsoleRoutes(ObjectMapper json, ConsoleViews views, JobService jobs, OwnerService owners, Clock clock) {
        this.views = views;
        this.feed = new LiveFeed(json, clock);
        this.jobs = jobs;
        this.owners = owners;
    }

    void register(Javalin app) {
        app.get("/console", ctx -> asset(ctx, "index.html"), Access.ANONYMOUS);
        app.get("/console/{name}", ctx -> asset(ctx, ctx.pathParam("name")), Access.ANONYMOUS);
        app.get("/v1/console/whoami", ctx -> ctx.json(viewer(ctx)), Access.OPERATOR, Access.TENANT, Access.OWNER);
        app.get("/v1/console/live", ctx -> {
            Viewer viewer = viewer(ctx);
            feed.serve(ctx, () -> snapshot(viewer));
        }, Access.OPERATOR, Access.TENANT, Access.OWNER);
        app.get("/v1/owners/{id}/cars", this::cars, Access.OPERATOR, Access.OWNER);
        app.post("/v1/cars/{id}/reinstate", this::reinstate, Access.OPERATOR);
    }

    private void asset(Context ctx, String name) {
        var asset = assets.find(name).orElseThrow(() -> ApiProblem.notFound("console file", name));
        ctx.header("Cache-Control", name.endsWith(".html") ? "no-cache" : "max-age=300");
        ctx.header("X-Content-Type-Options", "nosniff");
        // Only this coordinator's own files run in the page; no CDN, no inline script.
        ctx.header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
                + " frame-ancestors 'none'");
        ctx.contentType(asset.contentType()).result(asset.bytes());
    }

    private Viewer viewer(Context ctx) {
        if (Boolean.TRUE.equals(ctx.attribute(AccessGate.OPERATOR))) {
            return new Viewer("operator", null, "Operator", null);
        }
        String owner = ctx.attribute(AccessGate.OWNER_ID);
        if (owner != null) {
            return new Viewer("owner", owner, owners.find(owner).map(o -> o.name()).orElse(owner), null);
        }
        return TenantScope.of(ctx).map(s -> new Viewer("tenant", s.tenant().id(), s.tenant().name(),
                        s.tenant().limits()))
                .orElseThrow(() -> ApiProblem.unauthorized("sign in with an owner key, an API key or the operator key"));
    }

    private Object snapshot(Viewer viewer) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("role", viewer.role());
        switch (viewer.role()) {
            case "owner" -> state.put("cars", views.carsOf(viewer.id()));
            case "tenant" -> state.put("jobs", views.latestJobs(viewer.id()).stream()
                    .map(id -> jobs.status(id).orElse(null)).filter(Objects::nonNull).toList());
            default -> state.put("fleet", views.pulse().snapshot());
        }
        return state;
    }

    /** A quarantined car starts again (trust NEW); anything else is a conflict naming its state. */
    private void reinstate(Context ctx) {
        String car = ctx.pathParam("id");
        switch (views.reinstatement().reinstate(car)) {
            case REINSTATED -> ctx.status(204);
            case NOT_QUARANTINED -> throw ApiProblem.conflict("not-quarantined", "car " + car
                    + " is not in quarantine; only a quarantined car is reinstated");
        }
    }

    private void cars(Context ctx) {
        String owner = ctx.pathParam("id");
        String self = ctx.attribute(AccessGate.OWNER_ID);
        if (self != null && !self.equals(owner)) {
            throw ApiProblem.notFound("cars of owner", owner); // an owner reads its own only
        }
        ctx.json(Map.of("data", views.carsOf(owner)));
    }
}
