package io.terafleet.core.model;

import java.util.Optional;

/**
 * Where the built-in models' files sit on a classpath that carries them: the embedding models in their own jars
 * ({@code /<name>.onnx}, {@code /<name>-tokenizer.json}), the generative ones in the generation module
 * ({@code /models/<name>/model.onnx}, {@code tokenizer.json}). The full jar carries them all; the car's agent
 * distribution carries none of the graphs and fetches them from the coordinator's registry, which serves them
 * from here.
 */
public final class BuiltInResources {
    private BuiltInResources() {
    }

    /** The classpath resource of the built-in model's file with this SHA-256, if the catalog names one. */
    public static Optional<String> resourceOf(String model, String sha256) {
        if (sha256 == null) {
            return Optional.empty();
        }
        var embedding = ModelCatalog.find(model);
        if (embedding.isPresent()) {
            return sha256.equals(embedding.get().sha256()) ? Optional.of(graph(model))
                    : sha256.equals(embedding.get().tokenizerSha256()) ? Optional.of(tokenizer(model)) : Optional.empty();
        }
        return ModelCatalog.findGenerative(model).flatMap(m -> sha256.equals(m.sha256())
                ? Optional.of("/models/" + model + "/model.onnx")
                : sha256.equals(m.tokenizerSha256()) ? Optional.of("/models/" + model + "/tokenizer.json")
                : Optional.empty());
    }

    /** The ONNX graph of a built-in embedding model. */
    public static String graph(String model) {
        return "/" + model + ".onnx";
    }

    /** The {@code tokenizer.json} of a built-in embedding model. */
    public static String tokenizer(String model) {
        return "/" + model + "-tokenizer.json";
    }
}
