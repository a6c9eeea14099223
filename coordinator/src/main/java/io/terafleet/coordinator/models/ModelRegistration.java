package io.terafleet.coordinator.models;

import io.terafleet.core.api.ModelDescriptor;
import java.util.Set;

/**
 * What an operator says about a model being registered; the signature is read from the file. Validated at
 * construction, errors name the field.
 *
 * @param pooling    {@code mean} or {@code cls}; text embeddings only
 * @param dimensions vector length; text embeddings only (0 for raw models)
 * @param maxTokens  token limit; text embeddings only (0 for raw models)
 */
public record ModelRegistration(String name, String version, String kind, String pooling, int dimensions,
                                int maxTokens) {
    /** Names travel in URL paths (KServe) and OpenAI's {@code model} field: keep them plain. */
    public static final String NAME_PATTERN = "[a-z0-9][a-z0-9._-]{0,99}";
    private static final Set<String> POOLINGS = Set.of("mean", "cls");

    public ModelRegistration {
        require(name != null && name.matches(NAME_PATTERN), "name",
                "must match " + NAME_PATTERN + " (lower case), was " + name);
        version = version == null || version.isBlank() ? "1" : version;
        require(version.length() <= 64, "version", "at most 64 characters");
        require(ModelDescriptor.RAW.equals(kind) || ModelDescriptor.TEXT_EMBEDDING.equals(kind), "kind",
                "must be \"raw\" or \"text-embedding\", was " + kind);
        if (ModelDescriptor.TEXT_EMBEDDING.equals(kind)) {
            require(pooling != null && POOLINGS.contains(pooling), "pooling", "must be \"mean\" or \"cls\", was " + pooling);
            require(dimensions >= 1 && dimensions <= 65_536, "dimensions", "must be within 1..65536, was " + dimensions);
            require(maxTokens >= 2 && maxTokens <= 65_536, "max_tokens", "must be within 2..65536, was " + maxTokens);
        } else {
            require(pooling == null, "pooling", "only text-embedding models have a pooling");
            dimensions = 0;
            maxTokens = 0;
        }
    }

    public boolean isTextEmbedding() {
        return ModelDescriptor.TEXT_EMBEDDING.equals(kind);
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new IllegalArgumentException(field + ": " + message);
        }
    }
}
