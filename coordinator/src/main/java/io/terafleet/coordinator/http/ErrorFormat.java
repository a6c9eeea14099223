package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an endpoint writes its errors: the OpenAI-compatible endpoints as OpenAI does
 * ({@code {"error":{"message","type","param","code"}}}), KServe's as KServe does ({@code {"error":"..."}}),
 * every Terafleet-native endpoint as an RFC 9457 problem document. Clients parse the body their SDK expects.
 */
enum ErrorFormat {
    OPENAI,
    KSERVE,
    PROBLEM;

    static ErrorFormat of(Context ctx) {
        String path = ctx.path();
        if (path.startsWith("/v2/")) {
            return KSERVE;
        }
        boolean openAi = path.equals("/v1/embeddings") || path.startsWith("/v1/files") || path.startsWith("/v1/batches")
                || (path.startsWith("/v1/models") && "GET".equals(ctx.method().name())) || isOpenAiResource(path);
        return openAi ? OPENAI : PROBLEM;
    }

    /** Resources of OpenAI's API, served here or not: a client of any of them parses OpenAI's error body
     * ({@code /v1/models} is left out: only its reads are OpenAI's, registering a model is Terafleet's). */
    private static final java.util.Set<String> OPENAI_RESOURCES = java.util.Set.of("chat", "completions", "embeddings",
            "files", "batches", "moderations", "images", "audio", "assistants", "threads", "fine_tuning",
            "fine-tunes", "responses", "uploads", "vector_stores", "organization", "realtime", "evals", "containers",
            "conversations", "engines", "edits");

    private static boolean isOpenAiResource(String path) {
        if (!path.startsWith("/v1/")) {
            return false;
        }
        int end = path.indexOf('/', 4);
        return OPENAI_RESOURCES.contains(end < 0 ? path.substring(4) : path.substring(4, end));
    }

    static void send(Context ctx, ObjectMapper json, ApiError error) {
        ctx.attribute(HttpApi.ERROR_WRITTEN, Boolean.TRUE);
        if (error.retryAfterSeconds() != null) {
            ctx.header("Retry-After", Long.toString(error.retryAfterSeconds()));
        }
        ErrorFormat format = of(ctx);
        if (format == PROBLEM) {
            String slug = error.code() == null ? "error" : error.code().replace('_', '-');
            var problem = error.param() != null
                    ? ProblemDetails.forField(error.status(), slug, error.param(), error.getMessage())
                    : ProblemDetails.of(error.status(), slug, title(error.status()), error.getMessage());
            HttpApi.sendProblem(ctx, json, problem);
            return;
        }
        Object body;
        if (format == KSERVE) {
            body = Map.of("error", error.getMessage());
        } else {
            Map<String, Object> inner = new LinkedHashMap<>();
            inner.put("message", error.getMessage());
            inner.put("type", error.type());
            inner.put("param", error.param());
            inner.put("code", error.code());
            body = Map.of("error", inner);
        }
        try {
            ctx.status(error.status()).contentType("application/json").result(json.writeValueAsBytes(body));
        } catch (IOException e) {
            ctx.status(error.status()).result(error.getMessage());
        }
    }

    /** A problem document raised by shared code (body reading, say) on an endpoint that speaks another format. */
    static ApiError fromProblem(ProblemDetails problem) {
        String type = problem.status() >= 500 ? "server_error" : "invalid_request_error";
        String code = problem.type() == null ? null
                : problem.type().substring(problem.type().lastIndexOf('/') + 1).replace('-', '_');
        return new ApiError(problem.status(), type, code, problem.field(), problem.detail(), null);
    }

    private static String title(int status) {
        return switch (status) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 409 -> "Conflict";
            case 429 -> "Too many requests";
            case 503 -> "Unavailable";
            default -> "Invalid request";
        };
    }
}
