package io.terafleet.agent.inference;

import io.terafleet.agent.inference.ModelCache.ModelFiles;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens {@link Embedder}s. Each call extracts the model files into the cache directory if they are
 * not there yet, then creates a fresh ONNX Runtime session, so give each worker thread its own.
 */
public final class Embedders {

    private static final Logger log = LoggerFactory.getLogger(Embedders.class);

    /** One ORT thread per worker: workers, not ORT, spread the load across cores. */
    public static final int DEFAULT_ORT_THREADS = 1;

    private Embedders() {
    }

    /** {@code ~/.terafleet/models}. */
    public static Path defaultCacheDir() {
        return Path.of(System.getProperty("user.home"), ".terafleet", "models");
    }

    /** Names accepted by {@link #open(String, Path, int)}. */
    public static List<String> modelNames() {
        return EmbeddingModelSpec.modelNames();
    }

    /** Opens a model with the default cache directory and {@link #DEFAULT_ORT_THREADS}. */
    public static Embedder open(String modelName) {
        return open(modelName, defaultCacheDir(), DEFAULT_ORT_THREADS);
    }

    /**
     * Opens a model by name.
     *
     * @param cacheDir   where model files are extracted (created if missing; shared between opens)
     * @param ortThreads ONNX Runtime intra-op threads for this embedder's session, at least 1
     * @throws IllegalArgumentException for an unknown model name or {@code ortThreads < 1}
     * @throws EmbeddingException       if the model's resources are missing or cannot be loaded
     */
    public static Embedder open(String modelName, Path cacheDir, int ortThreads) {
        return open(EmbeddingModelSpec.byName(modelName), cacheDir, ortThreads);
    }

    /**
     * Opens a text-embedding model from files the caller has verified (a registered model's, fetched by hash).
     *
     * @param onnx      the graph
     * @param tokenizer its HuggingFace {@code tokenizer.json}
     */
    public static Embedder open(TextModel model, Path onnx, Path tokenizer, int ortThreads) {
        if (ortThreads < 1) {
            throw new IllegalArgumentException("ortThreads must be >= 1, was " + ortThreads);
        }
        return OnnxEmbedder.open(model, new ModelFiles(onnx, tokenizer), ortThreads);
    }

    /**
     * The graph of a built-in model, extracted into the cache and checked against the SHA-256 the catalog
     * registers for it; for running it on raw tensors.
     */
    public static Path builtInGraph(EmbeddingModelSpec spec, Path cacheDir) {
        ModelFiles files = new ModelCache(cacheDir).materialise(spec);
        BuiltInHashes.verify(spec, files);
        return files.onnx();
    }

    /** As {@link #open(String, Path, int)}, for callers that already hold the spec. */
    public static Embedder open(EmbeddingModelSpec spec, Path cacheDir, int ortThreads) {
        if (ortThreads < 1) {
            throw new IllegalArgumentException("ortThreads must be >= 1, was " + ortThreads);
        }
        long started = System.nanoTime();
        ModelFiles files = new ModelCache(cacheDir).materialise(spec);
        BuiltInHashes.verify(spec, files);
        long extracted = System.nanoTime();
        Embedder embedder = OnnxEmbedder.open(spec.textModel(), files, ortThreads);
        log.info("opened {} with {} ORT thread(s): files ready in {} ms, session and tokenizer in {} ms",
                spec.modelName(), ortThreads, (extracted - started) / 1_000_000,
                (System.nanoTime() - extracted) / 1_000_000);
        return embedder;
    }
}
