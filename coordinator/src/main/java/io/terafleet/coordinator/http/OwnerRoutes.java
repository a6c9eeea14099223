package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.terafleet.coordinator.access.Access;
import io.terafleet.coordinator.access.Revocations;
import io.terafleet.coordinator.owners.Owner;
import io.terafleet.coordinator.owners.OwnerService;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Owner accounts: the operator creates one (its key is answered once), lists them and revokes one (at once on
 * every coordinator); an owner reads its own account.
 */
final class OwnerRoutes {
    private final ObjectMapper json;
    private final OwnerService owners;
    private final Revocations revocations;

    OwnerRoutes(ObjectMapper json, OwnerService owners, Revocations revocations) {
        this.json = json;
        this.owners = owners;
        this.revocations = revocations;
    }

    void register(Javalin app) {
        app.post("/v1/owners", this::create, Access.OPERATOR);
        app.get("/v1/owners", ctx -> ctx.json(Map.of("data", owners.list().stream().map(OwnerRoutes::view).toList())),
                Access.OPERATOR);
        app.get("/v1/owners/{id}", this::read, Access.OPERATOR, Access.OWNER);
        app.post("/v1/owners/{id}/revoke", this::revoke, Access.OPERATOR);
    }

    /** {@code {"id", "name"?}}; answers with the account and its key, shown this once. */
    private void create(Context ctx) {
        JsonNode body = JsonBodies.object(json, ctx, 4096);
        String id = JsonBodies.requiredText(body, "id");
        OwnerService.Creation creation;
        try {
            creation = owners.create(id, JsonBodies.optionalText(body, "name"));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw ApiProblem.badField(message.substring(0, message.indexOf(':')), message.substring(message.indexOf(':') + 1).trim());
        }
        switch (creation) {
            case OwnerService.Taken taken -> throw ApiProblem.conflict("owner-exists", "an owner with id " + taken.id()
                    + " exists already");
            case OwnerService.Made made -> {
                Map<String, Object> view = view(made.created().owner());
                view.put("owner_key", made.created().ownerKey());
                ctx.status(201).header("Location", "/v1/owners/" + id).json(view);
            }
        }
    }

    private void read(Context ctx) {
        String id = ctx.pathParam("id");
        String self = ctx.attribute(AccessGate.OWNER_ID);
        if (self != null && !self.equals(id)) {
            throw ApiProblem.notFound("owner", id); // an owner reads its own account only
        }
        ctx.json(view(owners.find(id).orElseThrow(() -> ApiProblem.notFound("owner", id))));
    }

    private void revoke(Context ctx) {
        if (!revocations.revokeOwner(ctx.pathParam("id"))) {
            throw ApiProblem.notFound("active owner", ctx.pathParam("id"));
        }
        ctx.status(204);
    }

    static Map<String, Object> view(Owner owner) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", owner.id());
        view.put("name", owner.name());
        view.put("key_prefix", owner.keyPrefix());
        view.put("created_at", owner.createdAt() / 1000);
        view.put("revoked_at", owner.revokedAt() == null ? null : owner.revokedAt() / 1000);
        return view;
    }
}
