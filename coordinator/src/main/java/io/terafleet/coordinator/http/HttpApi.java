package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.terafleet.coordinator.intake.InputLimits;
import io.terafleet.coordinator.intake.JsonlInputParser;
import io.terafleet.coordinator.ledger.LedgerService;
import io.terafleet.coordinator.service.CarService;
import io.terafleet.coordinator.service.JobService;
import io.terafleet.coordinator.service.LeaseService;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the Javalin app: every route, served on virtual threads, every error as problem+json. */
public final class HttpApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    static final String PROBLEM_JSON = "application/problem+json";
    static final String ERROR_WRITTEN = "terafleet.errorWritten";

    private HttpApi() {
    }

    public static Javalin create(JobService jobs, CarService cars, LeaseService leases, InputLimits limits,
                                 LedgerService ledger) {
        return create(jobs, cars, leases, limits, ledger, null);
    }

    /** With {@code cloud}, also the tenant-scoped cloud APIs (OpenAI, KServe), the model registry and tenants. */
    public static Javalin create(JobService jobs, CarService cars, LeaseService leases, InputLimits limits,
                                 LedgerService ledger, CloudServices cloud) {
        ObjectMapper json = Json.mapper();
        Javalin app = Javalin.create(config -> {
            config.useVirtualThreads = true;
            config.showJavalinBanner = false;
            config.http.maxRequestSize = limits.maxBodyBytes();
            config.jsonMapper(new JavalinJackson(json, true));
        });
        app.before(RequestIds::assign);
        java.util.function.Predicate<String> models = cloud != null ? cloud::isTextModel
                : name -> io.terafleet.core.model.ModelCatalog.find(name).isPresent();
        new JobRoutes(jobs, new JsonlInputParser(json, limits), limits, new ResultWriter(jobs), models).register(app);
        new AgentRoutes(json, cars, leases, cloud != null ? cloud::isRegistered : models).register(app);
        new LedgerRoutes(ledger).register(app);
        if (cloud != null) {
            cloud.register(app, json, jobs, cars);
        }
        app.get("/v1/health", ctx -> ctx.json(Map.of("status", "ok")));
        app.get("/openapi.yaml", HttpApi::openApi);
        app.get("/v1/openapi.yaml", HttpApi::openApi);
        registerErrors(app, json);
        return app;
    }

    private static void openApi(Context ctx) throws IOException {
        try (InputStream in = HttpApi.class.getResourceAsStream("/openapi.yaml")) {
            ctx.contentType("application/yaml").result(in.readAllBytes());
        }
    }

    private static void registerErrors(Javalin app, ObjectMapper json) {
        app.exception(ApiProblem.class, (e, ctx) -> send(ctx, json, e.problem()));
        app.exception(ApiError.class, (e, ctx) -> ErrorFormat.send(ctx, json, e));
        app.exception(IllegalArgumentException.class, (e, ctx) ->
                send(ctx, json, ProblemDetails.of(400, "invalid-request", "Invalid request", e.getMessage())));
        app.exception(HttpResponseException.class, (e, ctx) ->
                send(ctx, json, ProblemDetails.of(e.getStatus(), "http-" + e.getStatus(), e.getMessage(), e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            boolean retryable = e instanceof io.terafleet.coordinator.db.StoreException se && se.retryable();
            if (retryable) {
                ctx.header("Retry-After", "1");
                send(ctx, json, ProblemDetails.of(503, "store-busy", "Try again", "the store is busy: " + e.getMessage()));
            } else {
                send(ctx, json, ProblemDetails.of(500, "internal-error", "Internal error", e.toString()));
            }
        });
        app.error(404, ctx -> {
            if (!PROBLEM_JSON.equals(ctx.res().getContentType()) && ctx.attribute(ERROR_WRITTEN) == null) {
                if (ErrorFormat.of(ctx) == ErrorFormat.OPENAI) {
                    ErrorFormat.send(ctx, json, new ApiError(404, "invalid_request_error", "unknown_url", null,
                            "Unknown request URL: " + ctx.method() + " " + ctx.path()
                                    + ". Please check the URL for typos, or see the API reference (/openapi.yaml).", null));
                    return;
                }
                send(ctx, json, ProblemDetails.of(404, "not-found", "Not found", "no route for " + ctx.method() + " " + ctx.path()));
            }
        });
    }

    static void send(Context ctx, ObjectMapper json, ProblemDetails problem) {
        if (ErrorFormat.of(ctx) != ErrorFormat.PROBLEM) {
            ErrorFormat.send(ctx, json, ErrorFormat.fromProblem(problem));
            return;
        }
        sendProblem(ctx, json, problem);
    }

    static void sendProblem(Context ctx, ObjectMapper json, ProblemDetails problem) {
        try {
            ctx.status(problem.status())
                    .contentType(PROBLEM_JSON)
                    .result(json.writeValueAsBytes(problem.withInstance(ctx.path())));
        } catch (IOException e) {
            ctx.status(500).result(problem.detail());
        }
    }
}
