package io.terafleet.coordinator.http;

import io.javalin.Javalin;
import io.terafleet.coordinator.access.Access;
import io.javalin.http.Context;
import io.terafleet.coordinator.intake.InputLimits;
import io.terafleet.coordinator.intake.JsonlInputParser;
import io.terafleet.coordinator.intake.ParsedInputs;
import io.terafleet.coordinator.jobs.JobSpec;
import io.terafleet.coordinator.jobs.ResultFilter;
import io.terafleet.coordinator.service.JobService;
import io.terafleet.core.api.JobStatus;
import io.terafleet.core.model.ModelCatalog;
import io.terafleet.core.scheduling.PriorityClass;
import java.io.IOException;
import java.io.InputStream;

/**
 * The client API for batch jobs: submit a JSONL file for a model (optionally with a tenant, a priority class and
 * a completion window), watch its status, read its results and its errors in input order, cancel it.
 */
final class JobRoutes {
    static final String JSONL = "application/jsonl";

    private final JobService jobs;
    private final JsonlInputParser parser;
    private final InputLimits limits;
    private final ResultWriter results;
    private final java.util.function.Predicate<String> knownModel;

    JobRoutes(JobService jobs, JsonlInputParser parser, InputLimits limits, ResultWriter results,
              java.util.function.Predicate<String> knownModel) {
        this.jobs = jobs;
        this.parser = parser;
        this.limits = limits;
        this.results = results;
        this.knownModel = knownModel;
    }

    void register(Javalin app) {
        app.post("/v1/jobs", this::submit, Access.TENANT);
        app.get("/v1/jobs/{id}", this::status, Access.TENANT);
        app.get("/v1/jobs/{id}/results", ctx -> outcomes(ctx, ResultFilter.SUCCEEDED), Access.TENANT);
        app.get("/v1/jobs/{id}/errors", ctx -> outcomes(ctx, ResultFilter.FAILED), Access.TENANT);
        app.post("/v1/jobs/{id}/cancel", this::cancel, Access.TENANT);
    }

    private void submit(Context ctx) throws IOException {
        String model = ctx.queryParam("model");
        if (model == null || model.isBlank()) {
            throw ApiProblem.badField("model", "the query parameter model is required, e.g. ?model=" + ModelCatalog.DEFAULT_MODEL);
        }
        if (!knownModel.test(model)) {
            throw new ApiProblem(ProblemDetails.forField(404, "unknown-model", "model",
                    "no model named \"" + model + "\"; known models: " + ModelCatalog.names()));
        }
        ParsedInputs parsed;
        try (InputStream body = new BoundedInputStream(ctx.bodyInputStream(), limits.maxBodyBytes())) {
            parsed = parser.parse(body, model);
        }
        if (parsed instanceof ParsedInputs.Rejected rejected) {
            throw new ApiProblem(invalidFile(rejected));
        }
        var inputs = ((ParsedInputs.Accepted) parsed).inputs();
        TenantScope.chargeInputs(ctx, inputs.size());
        JobStatus created = jobs.create(model, inputs, submission(ctx));
        ctx.status(201).header("Location", "/v1/jobs/" + created.id()).json(created);
    }

    private static ProblemDetails invalidFile(ParsedInputs.Rejected rejected) {
        var first = rejected.errors().getFirst();
        int count = rejected.errors().size() + rejected.omitted();
        String where = first.line() > 0 ? "line " + first.line() + (first.field() != null ? ", field " + first.field() : "") : "file";
        String detail = count + " error(s); first at " + where + ": " + first.detail() + ". Nothing was stored.";
        return new ProblemDetails(ProblemDetails.TYPE_PREFIX + "invalid-input-file", "Invalid input file", 400,
                detail, null, first.field(), rejected.errors(), rejected.omitted() > 0 ? rejected.omitted() : null);
    }

    private void status(Context ctx) {
        TenantScope.requireJob(ctx, jobs, ctx.pathParam("id"));
        ctx.json(jobs.status(ctx.pathParam("id")).orElseThrow(() -> ApiProblem.notFound("job", ctx.pathParam("id"))));
    }

    /** Tenant, priority class and completion window from the query (all optional). */
    private static JobService.Submission submission(Context ctx) {
        String tenant = TenantScope.tenantOf(ctx, ctx.queryParam("tenant"));
        if (tenant != null && (tenant.isBlank() || tenant.length() > 64 || !tenant.matches("[A-Za-z0-9._-]+"))) {
            throw ApiProblem.badField("tenant", "must be 1..64 letters, digits, '.', '_' or '-', was \"" + tenant
                    + "\"");
        }
        String priority = ctx.queryParam("priority");
        PriorityClass priorityClass;
        try {
            priorityClass = priority == null ? PriorityClass.BATCH : PriorityClass.parse(priority);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badField("priority", "must be online or batch, was \"" + priority + "\"");
        }
        String window = ctx.queryParam("completion_window");
        int replication = replication(ctx.queryParam("replication"));
        String adaptive = ctx.queryParam("adaptive");
        if (adaptive != null && !adaptive.equals("true") && !adaptive.equals("false")) {
            throw ApiProblem.badField("adaptive", "must be true or false, was \"" + adaptive + "\"");
        }
        if ("true".equals(adaptive) && replication < 2) {
            throw ApiProblem.badField("adaptive", "needs replication of 2 or more");
        }
        return new JobService.Submission(tenant == null ? JobSpec.DEFAULT_TENANT : tenant, priorityClass,
                window == null ? null : CompletionWindow.parse(window), replication, "true".equals(adaptive))
                .withApiKey(TenantScope.apiKey(ctx));
    }

    private static int replication(String text) {
        if (text == null) {
            return 1;
        }
        try {
            int k = Integer.parseInt(text);
            if (k >= 1 && k <= JobSpec.MAX_REPLICAS) {
                return k;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.badField("replication", "must be a whole number within 1.." + JobSpec.MAX_REPLICAS
                + ", was \"" + text + "\"");
    }

    private void outcomes(Context ctx, ResultFilter filter) throws IOException {
        String id = ctx.pathParam("id");
        TenantScope.requireJob(ctx, jobs, id);
        JobStatus status = jobs.status(id).orElseThrow(() -> ApiProblem.notFound("job", id));
        if (status.finishedAt() == null) {
            throw ApiProblem.conflict("job-not-finished", "job " + id + " is " + status.state()
                    + " (" + status.completed() + "/" + status.total() + " done); results are ready once it ends");
        }
        ctx.contentType(JSONL);
        results.write(id, filter, ctx.outputStream());
    }

    private void cancel(Context ctx) {
        String id = ctx.pathParam("id");
        TenantScope.requireJob(ctx, jobs, id);
        JobStatus status = jobs.status(id).orElseThrow(() -> ApiProblem.notFound("job", id));
        if (!jobs.cancel(id)) {
            throw ApiProblem.conflict("job-finished", "job " + id + " already ended as " + status.state());
        }
        ctx.json(jobs.status(id).orElseThrow());
    }
}
