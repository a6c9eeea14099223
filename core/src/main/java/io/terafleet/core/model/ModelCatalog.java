package io.terafleet.core.model;

import java.util.List;
import java.util.Optional;

/**
 * The models every Terafleet car can run without a download, as the coordinator knows them.
 * The agent's inference engine carries the same names with their files; a test checks the two agree,
 * hashes included, so a car refuses a jar whose bytes are not the ones registered here.
 */
public final class ModelCatalog {
    /**
     * @param dimensions      length of each embedding vector
     * @param pooling         {@code mean} or {@code cls}: how token vectors become one sentence vector
     * @param maxTokens       token limit per text; longer texts are truncated
     * @param sha256          SHA-256 (hex) of the ONNX graph
     * @param tokenizerSha256 SHA-256 (hex) of the HuggingFace {@code tokenizer.json}
     */
    public record ModelInfo(String name, String kind, int dimensions, String pooling, int maxTokens,
                            String sha256, String tokenizerSha256) {
    }

    public static final String DEFAULT_MODEL = "all-minilm-l6-v2";
    public static final String TEXT_EMBEDDING = "text-embedding";
    public static final String TEXT_GENERATION = "text-generation";
    private static final String MINILM_TOKENIZER = "da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0";

    private static final List<ModelInfo> BUILT_IN = List.of(
            new ModelInfo(DEFAULT_MODEL, TEXT_EMBEDDING, 384, "mean", 256,
                    "759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e", MINILM_TOKENIZER),
            new ModelInfo("all-minilm-l6-v2-q", TEXT_EMBEDDING, 384, "mean", 256,
                    "afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1", MINILM_TOKENIZER),
            new ModelInfo("bge-small-en-v1.5", TEXT_EMBEDDING, 384, "cls", 512,
                    "828e1496d7fabb79cfa4dcd84fa38625c0d3d21da474a00f08db0f559940cf35",
                    "d241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66"));

    /**
     * Generative models, kept apart from {@link #builtIn()} (which the embedding engine serves): for these,
     * {@code maxTokens} is the context length (prompt plus answer), {@code dimensions} is 0 and
     * {@code pooling} is {@code none}. The files ship in the generation module under {@code /models/<name>/}.
     */
    private static final List<ModelInfo> GENERATIVE = List.of(
            // A 0.74 M-parameter GPT trained on the King James Version by generation/train/train_kjv_gpt.py (ADR 0014).
            new ModelInfo("kjv-gpt", TEXT_GENERATION, 0, "none", 128,
                    "168126bd1d9a93e7badacd6735e30e3c571ee46f2bf051fed3147e881f16b81f",
                    "8b908ba10e87443797da48627550102ecea9a1ca25e573e53d61a19cdb4ebc61"));

    private ModelCatalog() {
    }

    public static List<ModelInfo> generative() {
        return GENERATIVE;
    }

    public static Optional<ModelInfo> findGenerative(String name) {
        return GENERATIVE.stream().filter(m -> m.name().equals(name)).findFirst();
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
