package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.terafleet.coordinator.access.Access;
import io.terafleet.coordinator.access.Revocations;
import io.terafleet.coordinator.console.ConsoleViews;
import io.terafleet.coordinator.tenants.TenantService;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A customer's own API keys: list them (by prefix and label, never the key), make one (shown once) and revoke
 * one, at once on every coordinator. The tenant is always the caller's own.
 */
final class KeyRoutes {
    private final ObjectMapper json;
    private final TenantService tenants;
    private final Revocations revocations;
    private final ConsoleViews views;

    KeyRoutes(ObjectMapper json, TenantService tenants, Revocations revocations, ConsoleViews views) {
        this.json = json;
        this.tenants = tenants;
        this.revocations = revocations;
        this.views = views;
    }

    void register(Javalin app) {
        app.get("/v1/keys", ctx -> ctx.json(Map.of("data", views.keysOf(tenant(ctx)))), Access.TENANT);
        app.post("/v1/keys", this::create, Access.TENANT);
        app.delete("/v1/keys/{prefix}", this::revoke, Access.TENANT);
    }

    /** {@code {"label"?}}; answers with the key, shown this once. */
    private void create(Context ctx) {
        byte[] read = ctx.bodyAsBytes();
        String label = null;
        if (read.length > 0) {
            JsonNode body = JsonBodies.object(json, read, 4096);
            label = JsonBodies.optionalText(body, "label");
        }
        String tenant = tenant(ctx);
        String key;
        try {
            key = tenants.addKey(tenant, label).orElseThrow(() -> ApiProblem.notFound("tenant", tenant));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badField("label", e.getMessage().substring(e.getMessage().indexOf(':') + 1).trim());
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("api_key", key);
        view.put("key_prefix", key.substring(0, 10));
        view.put("label", label);
        ctx.status(201).json(view);
    }

    private void revoke(Context ctx) {
        String prefix = ctx.pathParam("prefix");
        if (revocations.revokeApiKeys(tenant(ctx), prefix) == 0) {
            throw ApiProblem.notFound("key starting", prefix);
        }
        ctx.status(204);
    }

    private static String tenant(Context ctx) {
        return TenantScope.require(ctx).tenant().id();
    }
}
