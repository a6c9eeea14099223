package io.terafleet.coordinator.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.terafleet.coordinator.online.OnlineRouter;
import io.terafleet.core.api.FloatVectors;
import io.terafleet.core.api.ModelDescriptor;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.OnlineTask;
import io.terafleet.core.api.TensorData;
import io.terafleet.core.api.TensorSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * KServe v2 for text models with text in: one {@code BYTES} input ({@value #TEXT}, shape {@code [n]}, data the n
 * strings) gives one {@code FP32} output ({@value #EMBEDDING}, shape {@code [n, dimensions]}), the car tokenising
 * and pooling as for {@code /v1/embeddings}. The model's raw tensors stay available beside it.
 */
final class KServeText {
    static final String TEXT = "text";
    static final String EMBEDDING = "embedding";

    private final OnlineRouter router;
    private final JsonFactory factory = new JsonFactory();

    private final OnlineCharges charges;

    KServeText(OnlineRouter router, OnlineCharges charges) {
        this.router = router;
        this.charges = charges;
    }

    /** A request of one BYTES tensor: text for the model's tokenizer, not token tensors. */
    static boolean isTextRequest(JsonNode inputs) {
        return inputs != null && inputs.isArray() && inputs.size() == 1
                && "BYTES".equals(inputs.get(0).path("datatype").asText(null));
    }

    /** What the model's metadata lists as inputs: its graph's tensors and, for a text model, the text. */
    static List<TensorSpec> inputs(ModelDescriptor model) {
        List<TensorSpec> inputs = new ArrayList<>(model.inputs());
        if (model.isTextEmbedding()) {
            inputs.add(new TensorSpec(TEXT, "BYTES", List.of(-1L)));
        }
        return inputs;
    }

    static List<TensorSpec> outputs(ModelDescriptor model) {
        List<TensorSpec> outputs = new ArrayList<>(model.outputs());
        if (model.isTextEmbedding()) {
            outputs.add(new TensorSpec(EMBEDDING, "FP32", List.of(-1L, (long) model.dimensions())));
        }
        return outputs;
    }

    void infer(Context ctx, ModelDescriptor model, String id, JsonNode body) throws InterruptedException, IOException {
        JsonNode input = body.get("inputs").get(0);
        String name = JsonBodies.requiredText(input, "name");
        if (!name.equals(TEXT)) {
            throw ApiError.invalid("inputs", "model '" + model.name() + "' takes text as the BYTES input '" + TEXT
                    + "', not '" + name + "'");
        }
        List<String> texts = texts(input);
        JsonNode outputs = body.get("outputs");
        if (outputs != null && outputs.isArray()) {
            for (JsonNode output : outputs) {
                if (!EMBEDDING.equals(output.path("name").asText(null))) {
                    throw ApiError.invalid("outputs", "text in gives the output '" + EMBEDDING + "' only, not " + output);
                }
            }
        }
        TenantScope.chargeInputs(ctx, texts.size());
        var outcome = router.embed(model.name(), TenantScope.onlineTurn(ctx), texts);
        OnlineResult result = Routing.answered(outcome, model.name());
        if (result.embeddings() == null || result.embeddings().size() != texts.size()) {
            throw new ApiError(502, "server_error", "bad_car_answer", null, "the car answered with the wrong number of"
                    + " embeddings; please retry", 1L);
        }
        charges.charge(ctx, outcome, model.name(), texts.size());
        Routing.computeHeader(ctx, result);
        ctx.contentType("application/json").result(KServeRoutes.write(factory, model, id,
                List.of(tensor(result.embeddings(), model.dimensions()))));
    }

    private static List<String> texts(JsonNode input) {
        JsonNode shape = input.get("shape");
        JsonNode data = input.get("data");
        if (data == null || !data.isArray() || data.isEmpty()) {
            throw ApiError.invalid("data", "input '" + TEXT + "': data must be a non-empty array of strings");
        }
        List<String> texts = new ArrayList<>();
        collect(data, texts);
        long elements = 1;
        if (shape == null || !shape.isArray() || shape.isEmpty()) {
            throw ApiError.invalid("shape", "input '" + TEXT + "': 'shape' must be an array of integers, e.g. ["
                    + texts.size() + "]");
        }
        for (JsonNode d : shape) {
            if (!d.isIntegralNumber() || d.longValue() < 0) {
                throw ApiError.invalid("shape", "input '" + TEXT + "': shape dimensions must be integers ≥ 0");
            }
            elements *= d.longValue();
        }
        if (elements != texts.size()) {
            throw ApiError.invalid("data", "input '" + TEXT + "': shape " + shape + " needs " + elements
                    + " strings, data has " + texts.size());
        }
        return texts;
    }

    private static void collect(JsonNode data, List<String> texts) {
        for (JsonNode item : data) {
            if (item.isArray()) {
                collect(item, texts);
            } else if (item.isTextual() && !item.asText().isEmpty()) {
                texts.add(item.asText());
            } else {
                throw ApiError.invalid("data", "input '" + TEXT + "': " + item + " is not a non-empty string");
            }
        }
    }

    private static TensorData tensor(List<String> embeddings, int dimensions) {
        ByteBuffer all = ByteBuffer.allocate(embeddings.size() * dimensions * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (String embedding : embeddings) {
            for (float value : FloatVectors.fromBase64(embedding)) {
                all.putFloat(value);
            }
        }
        return new TensorData(EMBEDDING, "FP32", new long[] {embeddings.size(), dimensions},
                Base64.getEncoder().encodeToString(all.array()));
    }
}
