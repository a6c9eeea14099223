package io.terafleet.coordinator.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.terafleet.coordinator.access.Access;
import io.javalin.http.Context;
import io.terafleet.coordinator.models.ModelRegistry;
import io.terafleet.coordinator.online.OnlineRouter;
import io.terafleet.core.api.ModelDescriptor;
import io.terafleet.core.api.OnlineResult;
import io.terafleet.core.api.OnlineTask;
import io.terafleet.core.api.TensorData;
import io.terafleet.core.api.TensorSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The KServe Open Inference Protocol v2 over REST: health, model metadata and readiness, and {@code infer}
 * with tensors in and out for any registered model, served online by a car like an embedding request.
 */
final class KServeRoutes {
    private static final long MAX_BODY_BYTES = 64L << 20;

    private final ObjectMapper json;
    private final JsonFactory factory = new JsonFactory();
    private final ModelRegistry registry;
    private final OnlineRouter router;

    private final OnlineCharges charges;

    KServeRoutes(ObjectMapper json, ModelRegistry registry, OnlineRouter router, OnlineCharges charges) {
        this.charges = charges;
        this.json = json;
        this.registry = registry;
        this.router = router;
    }

    void register(Javalin app) {
        app.get("/v2", ctx -> ctx.json(Map.of("name", "terafleet", "version", "0.1.0", "extensions", List.of())), Access.ANONYMOUS);
        app.get("/v2/health/live", ctx -> ctx.json(Map.of("live", true)), Access.ANONYMOUS);
        app.get("/v2/health/ready", ctx -> ctx.json(Map.of("ready", true)), Access.ANONYMOUS);
        app.get("/v2/models/{name}", ctx -> ctx.json(metadata(model(ctx))), Access.TENANT);
        app.get("/v2/models/{name}/versions/{version}", ctx -> ctx.json(metadata(model(ctx))), Access.TENANT);
        app.get("/v2/models/{name}/ready", this::ready, Access.TENANT);
        app.get("/v2/models/{name}/versions/{version}/ready", this::ready, Access.TENANT);
        app.post("/v2/models/{name}/infer", this::infer, Access.TENANT);
        app.post("/v2/models/{name}/versions/{version}/infer", this::infer, Access.TENANT);
    }

    private ModelDescriptor model(Context ctx) {
        String name = ctx.pathParam("name");
        ModelDescriptor model = registry.find(name)
                .orElseThrow(() -> ApiError.notFound("model", "model '" + name + "' is not registered"));
        String version = ctx.pathParamMap().get("version");
        if (version != null && !version.equals(model.version())) {
            throw ApiError.notFound("version", "model '" + name + "' has no version '" + version + "'");
        }
        return model;
    }

    private static Map<String, Object> metadata(ModelDescriptor model) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", model.name());
        view.put("versions", List.of(model.version()));
        view.put("platform", "onnxruntime_onnx");
        view.put("inputs", KServeText.inputs(model));
        view.put("outputs", KServeText.outputs(model));
        return view;
    }

    /**
     * 200 when a car holding the model is ready to be asked, else 400: the protocol answers "not ready" with a 4xx
     * status (a 5xx would say the server failed). Readiness is about the fleet, now.
     */
    private void ready(Context ctx) {
        ModelDescriptor model = model(ctx);
        if (router.hasCarsFor(model.name())) {
            ctx.json(Map.of("name", model.name(), "ready", true));
        } else {
            ctx.status(400).json(Map.of("name", model.name(), "ready", false,
                    "error", "model '" + model.name() + "' is not ready: no car holding it is serving now"));
        }
    }

    private void infer(Context ctx) throws InterruptedException, IOException {
        ModelDescriptor model = model(ctx);
        JsonNode body = JsonBodies.object(json, ctx, MAX_BODY_BYTES);
        String given = JsonBodies.optionalText(body, "id");
        String id = given != null ? given : RequestIds.of(ctx); // one id per response, matching x-request-id
        if (model.isTextEmbedding() && KServeText.isTextRequest(body.get("inputs"))) {
            new KServeText(router, charges).infer(ctx, model, id, body);
            return;
        }
        List<TensorData> inputs = inputs(model, body.get("inputs"));
        List<String> outputs = outputs(model, body.get("outputs"));
        TenantScope.chargeInputs(ctx, 1);
        var outcome = router.route(model.name(), TenantScope.onlineTurn(ctx),
                requestId -> new OnlineTask(requestId, model.name(), OnlineTask.INFER, null, inputs, outputs));
        OnlineResult result = Routing.answered(outcome, model.name());
        if (result.outputs() == null) {
            throw new ApiError(502, "server_error", "bad_car_answer", null, "the car answered without outputs", 1L);
        }
        charges.charge(ctx, outcome, model.name(), 1);
        Routing.computeHeader(ctx, result);
        ctx.contentType("application/json").result(write(factory, model, id, result.outputs()));
    }

    private static List<TensorData> inputs(ModelDescriptor model, JsonNode inputs) {
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw ApiError.invalid("inputs", "'inputs' must be a non-empty array of tensors");
        }
        Map<String, TensorSpec> declared = new LinkedHashMap<>();
        model.inputs().forEach(spec -> declared.put(spec.name(), spec));
        List<TensorData> tensors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode input : inputs) {
            if (!input.isObject()) {
                throw ApiError.invalid("inputs", "each input must be an object with name, shape, datatype and data");
            }
            String name = JsonBodies.requiredText(input, "name");
            TensorSpec spec = declared.get(name);
            if (spec == null) {
                throw ApiError.invalid("inputs", "model '" + model.name() + "' has no input '" + name + "'; its inputs: "
                        + declared.keySet());
            }
            if (!seen.add(name)) {
                throw ApiError.invalid("inputs", "input '" + name + "' is given twice");
            }
            String datatype = JsonBodies.requiredText(input, "datatype");
            if (!datatype.equals(spec.datatype()) && !widens(datatype, spec.datatype())) {
                throw ApiError.invalid("datatype", "input '" + name + "' is " + spec.datatype() + ", not " + datatype);
            }
            long[] shape = shape(name, input.get("shape"), spec);
            // JSON integers read as the declared type: INT32 data where INT64 is declared widens losslessly.
            tensors.add(TensorJson.fromJson(name, spec.datatype(), shape, input.get("data")));
        }
        TensorData zeros = missingTokenTypes(declared, seen, tensors);
        if (zeros != null) {
            tensors.add(zeros);
            seen.add(zeros.name());
        }
        if (!seen.equals(declared.keySet())) {
            var missing = new ArrayList<>(declared.keySet());
            missing.removeAll(seen);
            throw ApiError.invalid("inputs", "model '" + model.name() + "' also needs input(s) " + missing);
        }
        return tensors;
    }

    /** Integer types a client may send where a wider one is declared (tokenizers often give INT32 ids). */
    private static boolean widens(String given, String declared) {
        return switch (declared) {
            case "INT64" -> given.equals("INT32") || given.equals("INT16") || given.equals("INT8") || given.equals("UINT8");
            case "INT32" -> given.equals("INT16") || given.equals("INT8") || given.equals("UINT8");
            default -> false;
        };
    }

    /**
     * {@code token_type_ids} left out: zeros shaped like {@code input_ids}, as every tokenizer gives for one
     * segment. Null when it was given, is not declared, or there is no {@code input_ids} to shape it by.
     */
    private static TensorData missingTokenTypes(Map<String, TensorSpec> declared, Set<String> seen, List<TensorData> given) {
        TensorSpec spec = declared.get("token_type_ids");
        if (spec == null || seen.contains("token_type_ids")) {
            return null;
        }
        return given.stream().filter(t -> t.name().equals("input_ids")).findFirst()
                .flatMap(ids -> io.terafleet.core.api.TensorTypes.size(spec.datatype()).map(size -> new TensorData(
                        "token_type_ids", spec.datatype(), ids.shape().clone(), java.util.Base64.getEncoder()
                        .encodeToString(new byte[(int) io.terafleet.core.api.TensorTypes.elements(ids.shape()) * size]))))
                .orElse(null);
    }

    private static long[] shape(String name, JsonNode shape, TensorSpec spec) {
        if (shape == null || !shape.isArray()) {
            throw ApiError.invalid("shape", "input '" + name + "': 'shape' must be an array of integers");
        }
        if (shape.size() != spec.shape().size()) {
            throw ApiError.invalid("shape", "input '" + name + "' has rank " + spec.shape().size() + " " + spec.shape()
                    + ", not " + shape.size());
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            JsonNode d = shape.get(i);
            if (!d.isIntegralNumber() || d.longValue() < 0) {
                throw ApiError.invalid("shape", "input '" + name + "': shape[" + i + "] must be an integer ≥ 0");
            }
            long fixed = spec.shape().get(i);
            if (fixed >= 0 && fixed != d.longValue()) {
                throw ApiError.invalid("shape", "input '" + name + "': shape[" + i + "] must be " + fixed);
            }
            dims[i] = d.longValue();
        }
        return dims;
    }

    private static List<String> outputs(ModelDescriptor model, JsonNode outputs) {
        if (outputs == null || outputs.isNull()) {
            return List.of();
        }
        if (!outputs.isArray()) {
            throw ApiError.invalid("outputs", "'outputs' must be an array of {\"name\": ...}");
        }
        Set<String> declared = new HashSet<>();
        model.outputs().forEach(spec -> declared.add(spec.name()));
        List<String> names = new ArrayList<>();
        for (JsonNode output : outputs) {
            String name = output.isObject() ? JsonBodies.requiredText(output, "name") : null;
            if (name == null || !declared.contains(name)) {
                throw ApiError.invalid("outputs", "model '" + model.name() + "' has no output " + output + "; its outputs: "
                        + declared);
            }
            names.add(name);
        }
        return names;
    }

    static byte[] write(JsonFactory factory, ModelDescriptor model, String id, List<TensorData> outputs) throws IOException {
        var out = new ByteArrayOutputStream();
        try (JsonGenerator gen = factory.createGenerator(out, JsonEncoding.UTF8)) {
            gen.writeStartObject();
            gen.writeStringField("model_name", model.name());
            gen.writeStringField("model_version", model.version());
            gen.writeStringField("id", id);
            gen.writeArrayFieldStart("outputs");
            for (TensorData tensor : outputs) {
                TensorJson.write(gen, tensor);
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
        return out.toByteArray();
    }
}
