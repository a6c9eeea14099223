package io.terafleet.agent;

import io.terafleet.agent.inference.Embedders;
import io.terafleet.agent.models.CarriedWeights;
import java.nio.file.Path;

/**
 * How a car serves online requests and keeps registered models; validated at construction, errors name the field.
 *
 * @param enabled          whether the car keeps a poll open for online requests
 * @param modelDir         where registered models' files are cached, named by SHA-256
 * @param modelBudgetBytes the most disk those files may take; least recently used files go first
 * @param builtInCache     where built-in models are extracted from their jars
 * @param generationModels text-generation models the car carries, by name: each a directory with
 *                         {@code model.onnx}, {@code tokenizer.json} and {@code generation.json}
 * @param channel          whether requests come over one WebSocket kept open (falling back to the HTTP long-poll
 *                         while the coordinator offers none), rather than one long-poll each
 * @param weights          the built-in models whose weights the car carries; the others come from the registry
 */
public record OnlineOptions(boolean enabled, Path modelDir, long modelBudgetBytes, Path builtInCache,
                            java.util.Map<String, Path> generationModels, boolean channel, CarriedWeights weights) {
    public OnlineOptions(boolean enabled, Path modelDir, long modelBudgetBytes, Path builtInCache) {
        this(enabled, modelDir, modelBudgetBytes, builtInCache, java.util.Map.of(), true, CarriedWeights.classpath());
    }

    public static final long DEFAULT_BUDGET_BYTES = 8L << 30;

    public OnlineOptions {
        if (modelDir == null) {
            throw new IllegalArgumentException("modelDir: must be set");
        }
        if (builtInCache == null) {
            throw new IllegalArgumentException("builtInCache: must be set");
        }
        weights = weights == null ? CarriedWeights.classpath() : weights;
        generationModels = generationModels == null ? java.util.Map.of() : java.util.Map.copyOf(generationModels);
        if (modelBudgetBytes < 1) {
            throw new IllegalArgumentException("modelBudgetBytes: must be at least 1, was " + modelBudgetBytes);
        }
    }

    /** Online on; registered models under {@code <built-in cache>/registered}, 8 GiB. */
    public static OnlineOptions defaults(Path builtInCache) {
        return new OnlineOptions(true, builtInCache.resolve("registered"), DEFAULT_BUDGET_BYTES, builtInCache);
    }

    public OnlineOptions withModelDir(Path dir) {
        return new OnlineOptions(enabled, dir, modelBudgetBytes, builtInCache, generationModels, channel, weights);
    }

    public OnlineOptions withEnabled(boolean on) {
        return new OnlineOptions(on, modelDir, modelBudgetBytes, builtInCache, generationModels, channel, weights);
    }

    /** Also carries the text-generation model {@code name}, from {@code dir}. */
    public OnlineOptions withGenerationModel(String name, Path dir) {
        var models = new java.util.HashMap<>(generationModels);
        models.put(name, dir);
        return new OnlineOptions(enabled, modelDir, modelBudgetBytes, builtInCache, models, channel, weights);
    }

    /** Requests over the WebSocket channel ({@code true}) or one HTTP long-poll each ({@code false}). */
    public OnlineOptions withChannel(boolean on) {
        return new OnlineOptions(enabled, modelDir, modelBudgetBytes, builtInCache, generationModels, on, weights);
    }

    /** Built-in models' weights from {@code carried} only; the rest are fetched from the registry. */
    public OnlineOptions withWeights(CarriedWeights carried) {
        return new OnlineOptions(enabled, modelDir, modelBudgetBytes, builtInCache, generationModels, channel, carried);
    }

    public static OnlineOptions defaults() {
        return defaults(Embedders.defaultCacheDir());
    }
}
