package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.terafleet.coordinator.access.Access;
import io.javalin.http.Context;
import io.terafleet.coordinator.models.ModelRegistration;
import io.terafleet.coordinator.models.ModelRegistry;
import io.terafleet.core.api.ModelDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model registry. Operators register ONNX models ({@code POST /v1/models}: the file as the raw body, or
 * JSON naming files on the coordinator's disk); anyone with a key lists them in OpenAI's shape with the
 * registry's details beside it ({@code GET /v1/models}, {@code GET /v1/models/{name}}).
 */
final class ModelRoutes {
    private final ObjectMapper json;
    private final ModelRegistry registry;

    ModelRoutes(ObjectMapper json, ModelRegistry registry) {
        this.json = json;
        this.registry = registry;
    }

    void register(Javalin app) {
        app.post("/v1/models", this::registerModel, Access.OPERATOR);
        app.get("/v1/models", ctx -> ctx.json(Map.of("object", "list",
                "data", registry.list().stream().map(ModelRoutes::view).toList())), Access.TENANT, Access.OPERATOR);
        app.get("/v1/models/{name}", ctx -> ctx.json(view(registry.find(ctx.pathParam("name"))
                .orElseThrow(() -> ApiError.modelNotFound(ctx.pathParam("name"))))), Access.TENANT, Access.OPERATOR);
    }

    private void registerModel(Context ctx) throws IOException {
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        ModelRegistry.Outcome outcome = type.startsWith("application/json") ? byPath(ctx) : byUpload(ctx);
        switch (outcome) {
            case ModelRegistry.Registered registered -> ctx.status(201).json(view(registered.model()));
            case ModelRegistry.NameTaken taken -> throw ApiError.conflict("model-exists",
                    "a model named " + taken.name() + " is registered already; models are immutable, register a new name");
        }
    }

    /** {@code {"name","version","kind","path","tokenizer_path","pooling","dimensions","max_tokens"}}. */
    private ModelRegistry.Outcome byPath(Context ctx) throws IOException {
        JsonNode body = JsonBodies.object(json, ctx, 1 << 20);
        var registration = registration(body.path("name").asText(null), body.path("version").asText(null),
                body.path("kind").asText(null), body.path("pooling").asText(null),
                body.path("dimensions").asInt(0), body.path("max_tokens").asInt(0));
        Path onnx = serverFile(body, "path");
        Path tokenizer = registration.isTextEmbedding() ? serverFile(body, "tokenizer_path") : null;
        try (InputStream graph = Files.newInputStream(onnx);
             InputStream tokens = tokenizer == null ? null : Files.newInputStream(tokenizer)) {
            return registry.register(registration, graph, tokens);
        }
    }

    /** The graph as the body; {@code ?name=&version=&kind=raw}. A text embedding also needs its tokenizer: by path. */
    private ModelRegistry.Outcome byUpload(Context ctx) throws IOException {
        var registration = registration(ctx.queryParam("name"), ctx.queryParam("version"),
                ctx.queryParamAsClass("kind", String.class).getOrDefault(ModelDescriptor.RAW), null, 0, 0);
        if (registration.isTextEmbedding()) {
            throw ApiError.invalid("kind", "kind: a text-embedding model has two files (graph and tokenizer.json);"
                    + " register it with a JSON body naming both paths");
        }
        try (InputStream body = ctx.bodyInputStream()) {
            return registry.register(registration, body, null);
        }
    }

    private static ModelRegistration registration(String name, String version, String kind, String pooling,
                                                  int dimensions, int maxTokens) {
        try {
            return new ModelRegistration(name, version, kind, pooling, dimensions, maxTokens);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage().split(":")[0], e.getMessage());
        }
    }

    private static Path serverFile(JsonNode body, String field) {
        String text = body.path(field).asText(null);
        if (text == null || text.isBlank()) {
            throw ApiError.invalid(field, field + ": required, the absolute path of a file on the coordinator");
        }
        Path path = Path.of(text);
        if (!path.isAbsolute() || !Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw ApiError.invalid(field, field + ": not a readable file on the coordinator: " + text);
        }
        return path;
    }

    /** OpenAI's model object ({@code id}, {@code object}, {@code created}, {@code owned_by}) plus the registry's fields. */
    static Map<String, Object> view(ModelDescriptor m) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", m.name());
        view.put("object", "model");
        view.put("created", m.createdAt() / 1000);
        view.put("owned_by", m.builtIn() ? "terafleet" : "operator");
        view.put("version", m.version());
        view.put("kind", m.kind());
        view.put("sha256", m.sha256());
        if (m.sizeBytes() >= 0) {
            view.put("size_bytes", m.sizeBytes());
        }
        view.put("built_in", m.builtIn());
        if (m.isTextEmbedding()) {
            view.put("tokenizer_sha256", m.tokenizerSha256());
            view.put("pooling", m.pooling());
            view.put("dimensions", m.dimensions());
            view.put("max_tokens", m.maxTokens());
        }
        view.put("inputs", m.inputs());
        view.put("outputs", m.outputs());
        return view;
    }
}
