package io.terafleet.agent.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.terafleet.core.model.ModelCatalog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The agent's built-in models and core's catalog agree: names, dimensions, pooling, token limits, the SHA-256 of
 * every file shipped in the Maven artifacts, and the BERT signature the coordinator advertises for them.
 */
class BuiltInModelsTest {
    private final Path cache = Embedders.defaultCacheDir();

    private static io.terafleet.core.api.TensorData tensor(String name, long[] values, long[] shape) {
        var bytes = java.nio.ByteBuffer.allocate(values.length * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            bytes.putLong(v);
        }
        return new io.terafleet.core.api.TensorData(name, "INT64", shape,
                java.util.Base64.getEncoder().encodeToString(bytes.array()));
    }

    @Test
    void theCatalogAndTheSpecsNameTheSameModels() {
        assertThat(ModelCatalog.names()).containsExactlyElementsOf(EmbeddingModelSpec.modelNames());
        for (EmbeddingModelSpec spec : EmbeddingModelSpec.values()) {
            var info = ModelCatalog.find(spec.modelName()).orElseThrow();
            assertThat(info.dimensions()).as(spec.modelName()).isEqualTo(spec.dimensions());
            assertThat(info.maxTokens()).as(spec.modelName()).isEqualTo(spec.maxTokens());
            assertThat(info.pooling()).as(spec.modelName()).isEqualTo(spec.pooling().name().toLowerCase());
            assertThat(info.kind()).isEqualTo(ModelCatalog.TEXT_EMBEDDING);
        }
        assertThat(EmbeddingModelSpec.BGE_SMALL_EN_V15.pooling()).isEqualTo(Pooling.CLS);
    }

    @Test
    void theShippedFilesHaveTheCatalogsHashesAndTheAdvertisedSignature() throws Exception {
        for (EmbeddingModelSpec spec : EmbeddingModelSpec.values()) {
            var info = ModelCatalog.find(spec.modelName()).orElseThrow();
            Path graph = Embedders.builtInGraph(spec, cache); // refuses a file whose hash differs
            assertThat(graph.getFileName().toString()).isEqualTo(info.sha256() + ".onnx");
            try (OrtSession session = OrtEnvironment.getEnvironment().createSession(graph.toString(),
                    new OrtSession.SessionOptions())) {
                assertThat(session.getInputNames()).as(spec.modelName())
                        .containsExactlyInAnyOrder("input_ids", "attention_mask", "token_type_ids");
                var output = (TensorInfo) session.getOutputInfo().get("last_hidden_state").getInfo();
                assertThat(output.getShape()[2]).isEqualTo(384);
            }
        }
    }

    @Test
    void bgeUsesTheClsVectorAndTheInt8ModelStaysCloseToFp32() throws Exception {
        List<String> texts = List.of("The cat sits on the mat.", "Parked cars can compute while they charge.");
        try (Embedder fp32 = Embedders.open("all-minilm-l6-v2", cache, 1);
             Embedder int8 = Embedders.open("all-minilm-l6-v2-q", cache, 1);
             Embedder bge = Embedders.open("bge-small-en-v1.5", cache, 1);
             TensorSession raw = TensorSession.open("bge", Embedders.builtInGraph(EmbeddingModelSpec.BGE_SMALL_EN_V15, cache), 1)) {
            float[][] a = fp32.embed(texts);
            float[][] q = int8.embed(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertThat(Vectors.cosine(a[i], q[i])).isGreaterThan(0.95);
            }
            // bge's vector is its [CLS] token's hidden state, normalised: recompute it from the raw graph.
            Path tokenizerJson = cache.resolve(ModelCatalog.find("bge-small-en-v1.5").orElseThrow().tokenizerSha256() + ".json");
            try (var tokenizer = BatchTokenizer.load(tokenizerJson, 512)) {
                var batch = tokenizer.encode(texts.subList(0, 1));
                long[] shape = {1, batch.length()};
                var outputs = raw.run(List.of(tensor("input_ids", batch.inputIds(), shape),
                        tensor("attention_mask", batch.attentionMask(), shape),
                        tensor("token_type_ids", batch.tokenTypeIds(), shape)), List.of("last_hidden_state"));
                float[] hidden = io.terafleet.core.api.FloatVectors.fromBase64(outputs.getFirst().dataBase64());
                float[] cls = java.util.Arrays.copyOf(hidden, 384);
                Vectors.normalize(cls);
                Embedder.Embedded counted = bge.embedCounting(texts.subList(0, 1));
                assertThat(Vectors.cosine(counted.vectors()[0], cls)).isGreaterThan(0.99999);
                assertThat(counted.tokens()).isEqualTo(batch.length());
            }
        }
    }
}
