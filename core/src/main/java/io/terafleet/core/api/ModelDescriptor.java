package io.terafleet.core.api;

import java.util.List;

/**
 * A registered model as cars and clients see it. Files are named by their SHA-256: a car fetches
 * {@code sha256} (and {@code tokenizerSha256} for text embeddings) and refuses bytes that hash otherwise.
 *
 * @param kind            {@code text-embedding} (tokenizer + pooling) or {@code raw} (tensors in, tensors out)
 * @param builtIn         a catalog model: the full jar carries its files; an agent without them fetches them
 *                        from the registry, hash-checked, like a registered model's
 * @param tokenizerSha256 null for raw models
 * @param pooling         {@code mean} or {@code cls} for text embeddings, else null
 */
public record ModelDescriptor(String name, String version, String kind, String sha256, long sizeBytes,
                              String tokenizerSha256, long tokenizerSizeBytes, String pooling, int dimensions,
                              int maxTokens, boolean builtIn, List<TensorSpec> inputs, List<TensorSpec> outputs,
                              long createdAt) {
    public static final String RAW = "raw";
    public static final String TEXT_EMBEDDING = "text-embedding";
    /** A decoder that generates text (chat and completions), its files on the cars. */
    public static final String TEXT_GENERATION = "text-generation";

    public boolean isTextGeneration() {
        return TEXT_GENERATION.equals(kind);
    }

    public boolean isTextEmbedding() {
        return TEXT_EMBEDDING.equals(kind);
    }
}
