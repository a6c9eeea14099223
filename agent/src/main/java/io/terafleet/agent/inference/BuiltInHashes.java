package io.terafleet.agent.inference;

import io.terafleet.agent.inference.ModelCache.ModelFiles;
import io.terafleet.core.model.ModelCatalog;

/**
 * A built-in model's files must be the bytes the catalog registers: the cache names each file by the SHA-256
 * it computed while extracting, so comparing names compares hashes. A jar with other bytes (a different
 * release, a tampered file) is refused rather than run.
 */
final class BuiltInHashes {
    private BuiltInHashes() {
    }

    static void verify(EmbeddingModelSpec spec, ModelFiles files) {
        ModelCatalog.ModelInfo registered = ModelCatalog.find(spec.modelName()).orElseThrow(() ->
                new EmbeddingException("model '" + spec.modelName() + "' is not in the model catalog: not registered, not run"));
        check(spec, "graph", registered.sha256(), files.onnx().getFileName().toString());
        check(spec, "tokenizer", registered.tokenizerSha256(), files.tokenizer().getFileName().toString());
    }

    private static void check(EmbeddingModelSpec spec, String what, String expected, String fileName) {
        String actual = fileName.replaceFirst("\\.[^.]*$", "");
        if (!actual.equals(expected)) {
            throw new ModelRefusedException("model '" + spec.modelName() + "': " + what + " from " + spec.artifact()
                    + " has SHA-256 " + actual + ", but the registry says " + expected + "; refusing to run it");
        }
    }
}
