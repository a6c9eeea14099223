package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.terafleet.coordinator.access.Access;
import io.terafleet.coordinator.access.Revocations;
import java.util.Map;

/**
 * Operator endpoints that take access away, effective at once on every coordinator: a tenant's API key (named by
 * the prefix shown when it was made), a car's credential, an enrollment token.
 */
final class RevocationRoutes {
    private final ObjectMapper json;
    private final Revocations revocations;

    RevocationRoutes(ObjectMapper json, Revocations revocations) {
        this.json = json;
        this.revocations = revocations;
    }

    void register(Javalin app) {
        app.delete("/v1/tenants/{id}/keys/{prefix}", this::revokeKey, Access.OPERATOR);
        app.post("/v1/cars/{id}/revoke", this::revokeCar, Access.OPERATOR);
        app.post("/v1/enrollment-tokens/revoke", this::revokeToken, Access.OPERATOR);
    }

    private void revokeKey(Context ctx) {
        int revoked = revocations.revokeApiKeys(ctx.pathParam("id"), ctx.pathParam("prefix"));
        if (revoked == 0) {
            throw ApiProblem.notFound("key of tenant " + ctx.pathParam("id") + " starting", ctx.pathParam("prefix"));
        }
        ctx.json(Map.of("revoked", revoked));
    }

    private void revokeCar(Context ctx) {
        if (!revocations.revokeCar(ctx.pathParam("id"))) {
            throw ApiProblem.notFound("car", ctx.pathParam("id"));
        }
        ctx.status(204);
    }

    private void revokeToken(Context ctx) {
        JsonNode body = JsonBodies.object(json, ctx, 4096);
        String token = JsonBodies.requiredText(body, "enrollment_token");
        if (!revocations.revokeEnrollmentToken(token)) {
            throw ApiProblem.notFound("enrollment token", token.length() > 8 ? token.substring(0, 8) + "…" : token);
        }
        ctx.status(204);
    }
}
