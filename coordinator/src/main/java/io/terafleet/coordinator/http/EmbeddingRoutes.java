package io.terafleet.coordinator.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.terafleet.coordinator.access.Access;
import io.javalin.http.Context;
import io.terafleet.coordinator.CloudConfig;
import io.terafleet.coordinator.models.ModelRegistry;
import io.terafleet.coordinator.online.OnlineRouter;
import io.terafleet.coordinator.online.RouteOutcome;
import io.terafleet.core.api.FloatVectors;
import io.terafleet.core.api.ModelDescriptor;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.OnlineTask;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/embeddings}, as OpenAI's API: {@code input} (a string or an array of strings), {@code model},
 * {@code encoding_format} ({@code float} or {@code base64}), {@code user}. Served online by a car that holds
 * the model, through the {@link OnlineRouter}; no store round trip on the way.
 */
final class EmbeddingRoutes {
    private final ObjectMapper json;
    private final JsonFactory factory = new JsonFactory();
    private final ModelRegistry registry;
    private final OnlineRouter router;
    private final CloudConfig config;

    private final OnlineCharges charges;

    EmbeddingRoutes(ObjectMapper json, ModelRegistry registry, OnlineRouter router, CloudConfig config,
                    OnlineCharges charges) {
        this.charges = charges;
        this.json = json;
        this.registry = registry;
        this.router = router;
        this.config = config;
    }

    void register(Javalin app) {
        app.post("/v1/embeddings", this::embed, Access.TENANT);
    }

    /** A valid request. */
    record EmbeddingRequest(String model, List<String> input, boolean base64) {
    }

    private void embed(Context ctx) throws InterruptedException, IOException {
        EmbeddingRequest request = parse(JsonBodies.object(json, ctx, maxBodyBytes()));
        TenantScope.chargeInputs(ctx, request.input().size());
        RouteOutcome outcome = router.embed(request.model(), TenantScope.onlineTurn(ctx), request.input());
        OnlineResult result = Routing.answered(outcome, request.model());
        if (result.embeddings() == null || result.embeddings().size() != request.input().size()) {
            throw new ApiError(502, "server_error", "bad_car_answer", null,
                    "the car answered with the wrong number of embeddings; please retry", 1L);
        }
        charges.charge(ctx, outcome, request.model(), request.input().size());
        Routing.computeHeader(ctx, result);
        ctx.contentType("application/json").result(write(request, result));
    }

    EmbeddingRequest parse(JsonNode body) {
        String model = JsonBodies.requiredText(body, "model");
        ModelDescriptor descriptor = registry.find(model).orElseThrow(() -> ApiError.modelNotFound(model));
        if (!descriptor.isTextEmbedding()) {
            throw ApiError.invalid("model", "The model '" + model + "' takes tensors, not text: use POST /v2/models/"
                    + model + "/infer");
        }
        String format = JsonBodies.optionalText(body, "encoding_format");
        if (format != null && !format.equals("float") && !format.equals("base64")) {
            throw ApiError.invalid("encoding_format", "'encoding_format' must be 'float' or 'base64', was '" + format + "'");
        }
        JsonBodies.optionalText(body, "user");
        Integer dimensions = JsonBodies.optionalInt(body, "dimensions");
        if (dimensions != null && dimensions != descriptor.dimensions()) {
            throw ApiError.invalid("dimensions", "The model '" + model + "' has " + descriptor.dimensions()
                    + " dimensions and cannot shorten them; leave 'dimensions' out");
        }
        return new EmbeddingRequest(model, inputs(body.get("input")), "base64".equals(format));
    }

    private List<String> inputs(JsonNode input) {
        if (input == null || input.isNull()) {
            throw ApiError.invalid("input", "Missing required parameter: 'input'.");
        }
        if (input.isTextual()) {
            return List.of(text(input.asText(), "input"));
        }
        if (!input.isArray()) {
            throw ApiError.invalid("input", "'input' must be a string or an array of strings, was "
                    + input.getNodeType().name().toLowerCase());
        }
        if (input.isEmpty()) {
            throw ApiError.invalid("input", "'input' must not be an empty array");
        }
        if (input.size() > config.maxEmbeddingInputs()) {
            throw ApiError.invalid("input", "'input' has " + input.size() + " items; at most "
                    + config.maxEmbeddingInputs() + " per request");
        }
        List<String> texts = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            if (item.isNumber() || item.isArray()) {
                throw ApiError.invalid("input", "'input[" + i + "]': token arrays are not supported; send the text");
            }
            if (!item.isTextual()) {
                throw ApiError.invalid("input", "'input[" + i + "]' must be a string, was "
                        + item.getNodeType().name().toLowerCase());
            }
            texts.add(text(item.asText(), "input[" + i + "]"));
        }
        return texts;
    }

    private String text(String text, String where) {
        if (text.isEmpty()) {
            throw ApiError.invalid("input", "'" + where + "' must not be empty");
        }
        if (text.length() > config.maxInputChars()) {
            throw ApiError.invalid("input", "'" + where + "' has " + text.length() + " characters; at most "
                    + config.maxInputChars());
        }
        return text;
    }

    private long maxBodyBytes() {
        // Every text at its longest, as UTF-8 (up to 3 bytes a char) with JSON escaping, plus the envelope.
        return (long) config.maxEmbeddingInputs() * (config.maxInputChars() * 6L + 8) + 64 * 1024;
    }

    private byte[] write(EmbeddingRequest request, OnlineResult result) throws IOException {
        var out = new ByteArrayOutputStream(request.input().size() * (request.base64() ? 2100 : 4200) + 256);
        try (JsonGenerator gen = factory.createGenerator(out, JsonEncoding.UTF8)) {
            gen.writeStartObject();
            gen.writeStringField("object", "list");
            gen.writeArrayFieldStart("data");
            for (int i = 0; i < result.embeddings().size(); i++) {
                gen.writeStartObject();
                gen.writeStringField("object", "embedding");
                gen.writeNumberField("index", i);
                if (request.base64()) {
                    gen.writeStringField("embedding", result.embeddings().get(i)); // float32 little-endian, as OpenAI
                } else {
                    gen.writeFieldName("embedding");
                    float[] vector = FloatVectors.fromBase64(result.embeddings().get(i));
                    gen.writeStartArray();
                    for (float value : vector) {
                        gen.writeNumber(value); // shortest text that reads back as the same float
                    }
                    gen.writeEndArray();
                }
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeStringField("model", request.model());
            int tokens = result.promptTokens() == null ? 0 : result.promptTokens();
            gen.writeObjectFieldStart("usage");
            gen.writeNumberField("prompt_tokens", tokens);
            gen.writeNumberField("total_tokens", tokens);
            gen.writeEndObject();
            gen.writeEndObject();
        }
        return out.toByteArray();
    }
}
