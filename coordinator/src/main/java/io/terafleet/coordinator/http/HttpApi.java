package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.Key;
import io.terafleet.coordinator.access.Access;
import io.terafleet.coordinator.access.RouteTable;
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
    private static final Key<RouteTable> ROUTES = new Key<>("terafleet.routes");

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
        RouteTable routes = new RouteTable();
        Javalin app = Javalin.create(config -> {
            config.useVirtualThreads = true;
            config.events.handlerAdded(routes::added);
            config.appData(ROUTES, routes);
            // Aliases: a trailing slash reaches the same route (and so its rule); other spellings match nothing.
            config.router.ignoreTrailingSlashes = true;
            config.router.treatMultipleSlashesAsSingleSlash = false;
            config.router.caseInsensitiveRoutes = false;
            config.showJavalinBanner = false;
            config.http.maxRequestSize = limits.maxBodyBytes();
            config.jsonMapper(new JavalinJackson(json, true));
        });
        app.before(RequestIds::assign);
        java.util.function.Predicate<String> models = cloud != null ? cloud::isTextModel
                : name -> io.terafleet.core.model.ModelCatalog.find(name).isPresent();
        AccessGate gate = cloud == null
                ? new AccessGate(java.util.List.of(), cars, null, null, null, key -> java.util.Optional.empty())
                : cloud.gate(cars);
        app.beforeMatched(gate::handle);
        app.wsBeforeUpgrade(gate::handle); // a WebSocket route's declared access, judged on its upgrade request
        app.beforeMatched(InputGuard::check);
        new JobRoutes(jobs, new JsonlInputParser(json, limits), limits, new ResultWriter(jobs), models).register(app);
        new AgentRoutes(json, cars, leases, cloud != null ? cloud::isRegistered : models).register(app);
        new LedgerRoutes(ledger).register(app);
        if (cloud != null) {
            cloud.register(app, json, jobs, cars, ledger, leases::judgeOnline, leases::strike);
        }
        app.get("/v1/health", ctx -> ctx.json(Map.of("status", "ok",
                "version", io.terafleet.coordinator.BuildInfo.current().version(),
                "commit", io.terafleet.coordinator.BuildInfo.current().commit())), Access.ANONYMOUS);
        app.get("/openapi.yaml", HttpApi::openApi, Access.ANONYMOUS);
        app.get("/v1/openapi.yaml", HttpApi::openApi, Access.ANONYMOUS);
        registerErrors(app, json);
        return app;
    }

    /** The endpoints of an app made here, each with its declared access. */
    public static RouteTable routes(Javalin app) {
        return app.unsafeConfig().pvt.appDataManager.get(ROUTES);
    }

    private static void openApi(Context ctx) throws IOException {
        try (InputStream in = HttpApi.class.getResourceAsStream("/openapi.yaml")) {
            ctx.contentType("application/yaml").result(in.readAllBytes());
        }
    }

    private static void registerErrors(Javalin app, ObjectMapper json) {
        app.exception(ApiProblem.class, (e, ctx) -> send(ctx, json, e.problem()));
        app.exception(ApiError.class, (e, ctx) -> ErrorFormat.send(ctx, json, e));
        app.exception(IllegalArgumentException.class, (e, ctx) -> send(ctx, json, FieldMessage.problem(e, ctx)));
        app.exception(HttpResponseException.class, (e, ctx) ->
                send(ctx, json, ProblemDetails.of(e.getStatus(), "http-" + e.getStatus(), e.getMessage(), e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            // The body never quotes the exception: it may hold SQL, paths or library internals. The log has it all.
            String incident = java.util.UUID.randomUUID().toString();
            LOG.error("{} {} failed (incident {})", ctx.method(), ctx.path(), incident, e);
            boolean retryable = e instanceof io.terafleet.coordinator.db.StoreException se && se.retryable();
            if (retryable) {
                ctx.header("Retry-After", "1");
                send(ctx, json, ProblemDetails.of(503, "store-busy", "Try again", "the store is busy; try again"));
            } else {
                send(ctx, json, ProblemDetails.of(500, "internal-error", "Internal error",
                        "the coordinator failed to answer; incident " + incident + " is in its log"));
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
