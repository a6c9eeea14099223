package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.terafleet.coordinator.access.Access;
import io.javalin.http.Context;
import io.terafleet.coordinator.service.CarService;
import io.terafleet.coordinator.tenants.Tenant;
import io.terafleet.coordinator.tenants.TenantLimits;
import io.terafleet.coordinator.tenants.TenantService;
import java.util.LinkedHashMap;
import java.util.Map;

/** Operator endpoints: tenants and their API keys, and enrollment tokens for cars. */
final class TenantRoutes {
    private final ObjectMapper json;
    private final TenantService tenants;
    private final CarService cars;
    private final TenantLimits defaults;

    TenantRoutes(ObjectMapper json, TenantService tenants, CarService cars, TenantLimits defaults) {
        this.json = json;
        this.tenants = tenants;
        this.cars = cars;
        this.defaults = defaults;
    }

    void register(Javalin app) {
        app.post("/v1/tenants", this::create, Access.OPERATOR);
        app.get("/v1/tenants", ctx -> ctx.json(Map.of("data", tenants.list().stream().map(TenantRoutes::view).toList())), Access.OPERATOR);
        app.get("/v1/tenants/{id}", ctx -> ctx.json(view(tenants.find(ctx.pathParam("id"))
                .orElseThrow(() -> ApiProblem.notFound("tenant", ctx.pathParam("id"))))), Access.OPERATOR);
        app.post("/v1/tenants/{id}/keys", this::addKey, Access.OPERATOR);
        app.post("/v1/enrollment-tokens", this::issueToken, Access.OPERATOR);
    }

    /** {@code {"name", "requests_per_second"?, "burst"?, "inputs_per_day"?}}; answers with the tenant's first key. */
    private void create(Context ctx) {
        JsonNode body = JsonBodies.object(json, ctx, 64 * 1024);
        String name = JsonBodies.requiredText(body, "name");
        TenantLimits limits;
        try {
            Double rate = JsonBodies.optionalNumber(body, "requests_per_second");
            Integer burst = JsonBodies.optionalInt(body, "burst");
            JsonNode perDay = body.get("inputs_per_day");
            limits = new TenantLimits(rate == null ? defaults.requestsPerSecond() : rate,
                    burst == null ? defaults.burst() : burst,
                    perDay == null || perDay.isNull() ? defaults.inputsPerDay() : perDay.asLong());
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage().split(":")[0], e.getMessage());
        }
        var created = tenants.create(name, limits);
        Map<String, Object> view = view(created.tenant());
        view.put("api_key", created.apiKey());
        view.put("key_prefix", created.apiKey().substring(0, 10)); // names the key to revoke it
        ctx.status(201).header("Location", "/v1/tenants/" + created.tenant().id()).json(view);
    }

    /**
     * Without a body, a fleet token (no owner, no limits). With {@code {"owner_id", "max_uses"?, "expires_in_seconds"?}},
     * a grant for that owner's cars: 10 uses and 7 days unless said otherwise.
     */
    private void issueToken(Context ctx) {
        byte[] read = ctx.bodyAsBytes(); // read once: the request's stream is spent after it
        if (new String(read, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            ctx.status(201).json(Map.of("enrollment_token", cars.issueEnrollmentToken()));
            return;
        }
        JsonNode body = JsonBodies.object(json, read, 4096);
        String owner = JsonBodies.requiredText(body, "owner_id");
        Integer uses = JsonBodies.optionalInt(body, "max_uses");
        Integer seconds = JsonBodies.optionalInt(body, "expires_in_seconds");
        if (!io.terafleet.core.ledger.Account.ID.matcher(owner).matches()) {
            throw ApiError.invalid("owner_id", "an owner id is 1 to 64 letters, digits or . _ - : @");
        }
        if (uses != null && (uses < 1 || uses > 100_000)) {
            throw ApiError.invalid("max_uses", "must be within 1..100000, was " + uses);
        }
        if (seconds != null && (seconds < 60 || seconds > 366 * 86_400)) {
            throw ApiError.invalid("expires_in_seconds", "must be within 60 s .. 366 days, was " + seconds);
        }
        int maxUses = uses == null ? 10 : uses;
        long lifetime = seconds == null ? 7 * 86_400L : seconds;
        String token = cars.issueGrant(owner, maxUses, java.time.Duration.ofSeconds(lifetime));
        ctx.status(201).json(Map.of("enrollment_token", token, "owner_id", owner, "max_uses", maxUses,
                "expires_in_seconds", lifetime));
    }

    private void addKey(Context ctx) {
        String id = ctx.pathParam("id");
        String key = tenants.addKey(id).orElseThrow(() -> ApiProblem.notFound("tenant", id));
        ctx.status(201).json(Map.of("tenant_id", id, "api_key", key, "key_prefix", key.substring(0, 10)));
    }

    static Map<String, Object> view(Tenant t) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", t.id());
        view.put("name", t.name());
        view.put("requests_per_second", t.limits().requestsPerSecond());
        view.put("burst", t.limits().burst());
        view.put("inputs_per_day", t.limits().inputsPerDay());
        view.put("created_at", t.createdAt() / 1000);
        return view;
    }
}
