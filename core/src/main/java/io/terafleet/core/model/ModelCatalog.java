package io.terafleet.core.model;

import java.util.List;
import java.util.Optional;

/**
 * The models every Terafleet car can run without a download, as the coordinator knows them.
 * The agent's inference engine carries the same names with their files; a test checks the two agree.
 */
public final class ModelCatalog {
    /** @param dimensions length of each embedding vector */
    public record ModelInfo(String name, String kind, int dimensions) {
    }

    public static final String DEFAULT_MODEL = "all-minilm-l6-v2";

    private static final List<ModelInfo> BUILT_IN = List.of(
            new ModelInfo(DEFAULT_MODEL, "text-embedding", 384));

    private ModelCatalog() {
    }

    public static List<ModelInfo> builtIn() {
        return BUILT_IN;
    }

    public static Optional<ModelInfo> find(String name) {
        return BUILT_IN.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return BUILT_IN.stream().map(ModelInfo::name).toList();
    }
}
