package io.terafleet.coordinator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.terafleet.coordinator.access.Access;
import io.terafleet.coordinator.policy.CarPolicies;
import io.terafleet.coordinator.policy.CarReports;
import io.terafleet.core.api.CarReport;
import io.terafleet.core.policy.json.PolicyJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The owner's policy per car, set in the console and delivered to the car: read it with its history, save a new
 * version (checked by core's {@link PolicyJson}, the parser of the car's own policy file, the error naming the
 * field), and the car's periodic report, whose answer carries the newer policy.
 */
final class OwnerPolicyRoutes {
    /** Longer than any policy with a full tariff; the column holds this much. */
    static final int MAX_POLICY_CHARS = 8000;

    private final ObjectMapper json;
    private final CarPolicies policies;
    private final CarReports reports;

    OwnerPolicyRoutes(ObjectMapper json, CarPolicies policies, CarReports reports) {
        this.json = json;
        this.policies = policies;
        this.reports = reports;
    }

    void register(Javalin app) {
        app.get("/v1/owners/{id}/cars/{car}/policy", this::read, Access.OPERATOR, Access.OWNER);
        app.put("/v1/owners/{id}/cars/{car}/policy", this::save, Access.OPERATOR, Access.OWNER);
        app.post("/v1/agent/report", this::report, Access.CAR);
    }

    private void read(Context ctx) {
        String car = ownedCar(ctx);
        List<CarPolicies.Version> history = policies.history(car);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("carId", car);
        body.put("current", history.isEmpty() ? null : version(history.getFirst()));
        body.put("appliedVersion", reports.latest(car).map(CarReports.Latest::policyVersion).orElse(null));
        body.put("history", history.stream().map(this::version).toList());
        // What a form starts from before any version is set (the car then applies the file it was started with).
        body.put("defaults", tree(PolicyJson.format(io.terafleet.core.policy.OwnerPolicy.defaults())));
        ctx.json(body);
    }

    private void save(Context ctx) {
        String car = ownedCar(ctx);
        String text = ctx.body();
        if (text.length() > MAX_POLICY_CHARS) {
            throw ApiProblem.badField("policy", "at most " + MAX_POLICY_CHARS + " characters");
        }
        var policy = switch (PolicyJson.read(text)) {
            case PolicyJson.Valid valid -> valid.policy();
            case PolicyJson.Invalid invalid -> throw ApiProblem.badField(invalid.field(),
                    invalid.message().startsWith(invalid.field() + ": ")
                            ? invalid.message().substring(invalid.field().length() + 2) : invalid.message());
        };
        String owner = ctx.attribute(AccessGate.OWNER_ID);
        var saved = policies.save(car, PolicyJson.format(policy), owner == null ? "operator" : "owner:" + owner);
        ctx.status(201).json(version(saved));
    }

    private void report(Context ctx) {
        CarReport report = Json.read(json, ctx, CarReport.class);
        if (report.stateOfChargePercent() != null && !(report.stateOfChargePercent() >= 0
                && report.stateOfChargePercent() <= 100)) {
            throw ApiProblem.badField("stateOfChargePercent", "must be within 0..100, was "
                    + report.stateOfChargePercent());
        }
        ctx.json(reports.record(ctx.attribute(AgentRoutes.CAR_ID), report));
    }

    /** The car named in the path when it is the caller's (an owner reaches its own cars only, others are 404). */
    private String ownedCar(Context ctx) {
        String owner = ctx.pathParam("id");
        String car = ctx.pathParam("car");
        String self = ctx.attribute(AccessGate.OWNER_ID);
        if ((self != null && !self.equals(owner)) || !policies.ownedBy(car, owner)) {
            throw ApiProblem.notFound("car of owner " + owner, car);
        }
        return car;
    }

    private Map<String, Object> version(CarPolicies.Version v) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", v.version());
        body.put("policy", tree(v.policy()));
        body.put("setBy", v.setBy());
        body.put("setAt", v.setAt());
        return body;
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored policy is not JSON", e);
        }
    }
}
