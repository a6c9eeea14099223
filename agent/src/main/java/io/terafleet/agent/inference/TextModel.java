package io.terafleet.agent.inference;

/**
 * What an {@link Embedder} needs to know of a text-embedding model besides its files: a built-in
 * {@link EmbeddingModelSpec} or a model from the coordinator's registry.
 *
 * @param source where the files came from, for error messages (a classpath resource, a registry hash)
 */
public record TextModel(String modelName, Pooling pooling, int maxTokens, int dimensions, String source) {
    public TextModel {
        if (modelName == null || modelName.isBlank()) {
            throw new IllegalArgumentException("modelName: must be set");
        }
        if (pooling == null) {
            throw new IllegalArgumentException("pooling: must be set");
        }
        if (maxTokens < 2) {
            throw new IllegalArgumentException("maxTokens: must be at least 2, was " + maxTokens);
        }
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions: must be at least 1, was " + dimensions);
        }
    }

    /** {@code mean} or {@code cls}, as the registry writes it. */
    public static Pooling pooling(String name) {
        return switch (name == null ? "" : name) {
            case "mean" -> Pooling.MEAN;
            case "cls" -> Pooling.CLS;
            default -> throw new IllegalArgumentException("pooling: must be mean or cls, was " + name);
        };
    }
}
