package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.terafleet.coordinator.access.Access;
import io.javalin.http.Context;
import io.terafleet.coordinator.batches.BatchService;
import io.terafleet.coordinator.batches.BatchStatus;
import io.terafleet.coordinator.batches.GenerationBatches;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OpenAI's Batch API for {@code /v1/embeddings}, {@code /v1/chat/completions} and {@code /v1/completions}: create, read, cancel and list batches of the caller's tenant. */
public final class BatchRoutes implements CloudServices.BatchApi {
    private final BatchService batches;
    private final long maxFileBytes;
    private final java.time.Clock clock;
    private ObjectMapper json;

    BatchRoutes(BatchService batches, long maxFileBytes, java.time.Clock clock) {
        this.batches = batches;
        this.maxFileBytes = maxFileBytes;
        this.clock = clock;
    }

    /** The files and batches endpoints of a coordinator. */
    public static CloudServices.BatchApi of(BatchService batches, long maxFileBytes, java.time.Clock clock) {
        return new BatchRoutes(batches, maxFileBytes, clock);
    }

    @Override
    public void useGeneration(GenerationBatches runner) {
        batches.useGeneration(runner);
        try {
            batches.resumeGeneration();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("running batches could not be resumed", e);
        }
    }

    @Override
    public void register(Javalin app, ObjectMapper mapper) {
        this.json = mapper;
        new FileRoutes(batches.files(), maxFileBytes, clock).register(app);
        app.post("/v1/batches", this::create, Access.TENANT);
        app.get("/v1/batches", this::list, Access.TENANT);
        app.get("/v1/batches/{id}", ctx -> ctx.json(view(batches.find(tenant(ctx), ctx.pathParam("id"))
                .orElseThrow(() -> missing(ctx.pathParam("id"))))), Access.TENANT);
        app.post("/v1/batches/{id}/cancel", this::cancel, Access.TENANT);
    }

    private void create(Context ctx) throws IOException {
        JsonNode body = JsonBodies.object(json, ctx, 1 << 20);
        String fileId = JsonBodies.requiredText(body, "input_file_id");
        String endpoint = JsonBodies.requiredText(body, "endpoint");
        String window = JsonBodies.requiredText(body, "completion_window");
        boolean generates = GenerationBatches.handles(endpoint) && batches.servesGeneration();
        if (!endpoint.equals(BatchService.ENDPOINT) && !generates) {
            throw ApiError.invalid("endpoint", "'endpoint' must be '" + BatchService.ENDPOINT + "', '"
                    + GenerationBatches.CHAT + "' or '" + GenerationBatches.COMPLETIONS + "', was '" + endpoint + "'");
        }
        if (!window.equals(BatchService.WINDOW)) {
            throw ApiError.invalid("completion_window", "'completion_window' must be '24h', was '" + window + "'");
        }
        JsonNode metadata = body.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            throw ApiError.invalid("metadata", "'metadata' must be an object of strings");
        }
        String tenant = tenant(ctx);
        long lines = batches.countLines(tenant, fileId);
        if (lines > 0) {
            TenantScope.chargeInputs(ctx, lines);
        }
        var created = batches.create(tenant, fileId, endpoint, metadata == null || metadata.isNull() ? null
                        : metadata.toString(), TenantScope.apiKey(ctx))
                .orElseThrow(() -> ApiError.notFound("input_file_id", "No such File object: " + fileId));
        ctx.json(view(created));
    }

    private void cancel(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        var before = batches.find(tenant(ctx), id).orElseThrow(() -> missing(id));
        if (before.status().isTerminal() && before.status() != BatchStatus.CANCELLED) {
            throw ApiError.conflict("batch_not_cancellable", "Cannot cancel a batch with status '"
                    + before.status().wireName() + "'.");
        }
        ctx.json(view(batches.cancel(tenant(ctx), id).orElseThrow(() -> missing(id))));
    }

    private void list(Context ctx) throws IOException {
        int limit;
        try {
            limit = Integer.parseInt(ctx.queryParamAsClass("limit", String.class).getOrDefault("20"));
        } catch (NumberFormatException e) {
            throw ApiError.invalid("limit", "'limit' must be an integer between 1 and 100");
        }
        if (limit < 1 || limit > 100) {
            throw ApiError.invalid("limit", "'limit' must be between 1 and 100, was " + limit);
        }
        var page = batches.list(tenant(ctx), ctx.queryParam("after"), limit + 1);
        boolean more = page.size() > limit;
        List<Map<String, Object>> data = page.subList(0, Math.min(limit, page.size())).stream().map(BatchRoutes::view).toList();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("object", "list");
        view.put("data", data);
        view.put("first_id", data.isEmpty() ? null : data.getFirst().get("id"));
        view.put("last_id", data.isEmpty() ? null : data.getLast().get("id"));
        view.put("has_more", more);
        ctx.json(view);
    }

    private static ApiError missing(String id) {
        return ApiError.notFound("batch_id", "No batch found with id '" + id + "'.");
    }

    private static String tenant(Context ctx) {
        return TenantScope.require(ctx).tenant().id();
    }

    static Map<String, Object> view(BatchService.View v) {
        var row = v.row();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.id());
        view.put("object", "batch");
        view.put("endpoint", row.endpoint());
        view.put("errors", row.errorsJson() == null ? null : parse(row.errorsJson()));
        view.put("input_file_id", row.inputFileId());
        view.put("completion_window", row.completionWindow());
        view.put("status", v.status().wireName());
        view.put("output_file_id", row.outputFileId());
        view.put("error_file_id", row.errorFileId());
        view.put("created_at", row.createdAt() / 1000);
        view.put("in_progress_at", row.jobId() == null ? null : row.createdAt() / 1000);
        view.put("expires_at", row.expiresAt() / 1000);
        view.put("finalizing_at", seconds(v.finalizingAt()));
        view.put("completed_at", v.status() == BatchStatus.COMPLETED ? seconds(v.endedAt()) : null);
        view.put("failed_at", v.status() == BatchStatus.FAILED ? seconds(v.endedAt()) : null);
        view.put("expired_at", v.status() == BatchStatus.EXPIRED ? seconds(v.endedAt()) : null);
        view.put("cancelling_at", seconds(row.cancellingAt()));
        view.put("cancelled_at", v.status() == BatchStatus.CANCELLED ? seconds(v.endedAt()) : null);
        view.put("request_counts", Map.of("total", v.total(), "completed", v.completed(), "failed", v.failed()));
        if (v.checks() != null) { // generated lines: where their answers' checks stand (OpenAI clients ignore it)
            view.put("verification", v.checks().asMap());
        }
        view.put("metadata", row.metadataJson() == null ? null : parse(row.metadataJson()));
        return view;
    }

    private static Long seconds(Long millis) {
        return millis == null ? null : millis / 1000;
    }

    private static JsonNode parse(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("stored JSON is unreadable: " + text, e);
        }
    }
}
