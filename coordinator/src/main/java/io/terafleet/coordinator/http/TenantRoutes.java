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
        app.post("/v1/enrollment-tokens", ctx -> ctx.status(201).json(Map.of("enrollment_token", cars.issueEnrollmentToken())), Access.OPERATOR);
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
        ctx.status(201).header("Location", "/v1/tenants/" + created.tenant().id()).json(view);
    }

    private void addKey(Context ctx) {
        String id = ctx.pathParam("id");
        String key = tenants.addKey(id).orElseThrow(() -> ApiProblem.notFound("tenant", id));
        ctx.status(201).json(Map.of("tenant_id", id, "api_key", key));
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
