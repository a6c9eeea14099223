package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.terafleet.coordinator.access.Access;
import io.javalin.http.Context;
import io.terafleet.coordinator.models.BuiltInFiles;
import io.terafleet.coordinator.models.ModelRegistry;
import io.terafleet.coordinator.online.OnlineRouter;
import io.terafleet.core.api.ModelDescriptor;
import io.terafleet.core.api.OnlinePoll;
import io.terafleet.core.api.OnlineResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The agent's side of online serving and of the model registry, under {@code /v1/agent} (so cars authenticate
 * as for leases): poll for online requests, answer them, read a model's descriptor and download its files.
 */
final class OnlineAgentRoutes {
    private final ObjectMapper json;
    private final OnlineRouter router;
    private final ModelRegistry registry;
    private final io.terafleet.coordinator.online.SignedAnswers signed;

    OnlineAgentRoutes(ObjectMapper json, OnlineRouter router, ModelRegistry registry,
                      io.terafleet.coordinator.online.SignedAnswers signed) {
        this.json = json;
        this.router = router;
        this.registry = registry;
        this.signed = signed;
    }

    void register(Javalin app) {
        app.post("/v1/agent/online/poll", this::poll, Access.CAR);
        app.post("/v1/agent/online/{requestId}/result", this::answer, Access.CAR);
        app.get("/v1/agent/models/{name}", ctx -> ctx.json(model(ctx.pathParam("name"))), Access.CAR);
        app.get("/v1/agent/models/{name}/files/{sha256}", this::download, Access.CAR);
    }

    private void poll(Context ctx) throws InterruptedException {
        OnlinePoll poll = Json.read(json, ctx, OnlinePoll.class);
        if (poll.models() == null || poll.models().isEmpty()) {
            throw ApiProblem.badField("models", "name at least one model the car holds loaded");
        }
        if (poll.waitMillis() < 0) {
            throw ApiProblem.badField("waitMillis", "must not be negative, was " + poll.waitMillis());
        }
        for (String name : poll.models()) {
            model(name);
        }
        var task = router.poll(ctx.attribute(AgentRoutes.CAR_ID), poll.models(), Duration.ofMillis(poll.waitMillis()));
        if (task.isPresent()) {
            ctx.json(task.get());
        } else {
            ctx.status(204);
        }
    }

    private void answer(Context ctx) {
        OnlineResult result = Json.read(json, ctx, OnlineResult.class);
        var outcome = signed.deliver(ctx.attribute(AgentRoutes.CAR_ID), ctx.pathParam("requestId"), result);
        switch (outcome) {
            case DELIVERED -> ctx.status(204);
            // Timed out and gone to another car, or never this car's: the answer is not needed.
            case GONE -> throw new ApiProblem(ProblemDetails.of(410, "request-gone", "Request gone",
                    "request " + ctx.pathParam("requestId") + " is no longer waiting for this car"));
            default -> throw refused(outcome);
        }
    }

    /** The 403 for an answer that was not delivered because the car did not sign it with its key. */
    static ApiProblem refused(io.terafleet.coordinator.online.SignedAnswers.Outcome outcome) {
        String why = switch (outcome) {
            case KEYLESS -> "cannot be checked: this car enrolled without a public key and must enroll anew with one";
            case MISSING -> "is required: every answer is signed with the car's key";
            default -> "is not this car's signature of this answer (request id, model, answer)";
        };
        return new ApiProblem(ProblemDetails.forField(403, "bad-signature", "signature", why));
    }

    private ModelDescriptor model(String name) {
        return registry.find(name).orElseThrow(() -> ApiProblem.notFound("model", name));
    }

    /** Only files of the named model: a car cannot fetch arbitrary blobs by guessing hashes. */
    private void download(Context ctx) throws IOException {
        ModelDescriptor model = model(ctx.pathParam("name"));
        String sha = ctx.pathParam("sha256");
        boolean belongs = sha.equals(model.sha256()) || sha.equals(model.tokenizerSha256());
        if (!belongs) {
            throw ApiProblem.notFound("file of model " + model.name(), sha);
        }
        if (model.builtIn()) { // from this process's classpath, for cars whose agent carries no weights
            BuiltInFiles.File file = BuiltInFiles.find(model.name(), sha)
                    .orElseThrow(() -> ApiProblem.notFound("built-in model file (not carried by this coordinator)", sha));
            send(ctx, file.size(), file.open());
            return;
        }
        Path file = registry.file(sha).orElseThrow(() -> ApiProblem.notFound("model file", sha));
        send(ctx, Files.size(file), Files.newInputStream(file));
    }

    private static void send(Context ctx, long size, InputStream body) throws IOException {
        ctx.contentType("application/octet-stream");
        if (!FileRoutes.compressible(ctx) && size >= 0) {
            ctx.header("Content-Length", Long.toString(size)); // a compressed body's length is not this
        }
        try (InputStream in = body) {
            in.transferTo(ctx.outputStream());
        }
    }
}
