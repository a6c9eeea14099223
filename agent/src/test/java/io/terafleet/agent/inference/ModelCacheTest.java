package io.terafleet.agent.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.terafleet.agent.inference.ModelCache.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extraction is the slow part (about a second for 90 MB), so tests that only read share one cache;
 * tests that damage a cache get a copy of it in their own directory.
 */
class ModelCacheTest {

    private static final EmbeddingModelSpec MINILM = EmbeddingModelSpec.ALL_MINILM_L6_V2;

    @TempDir
    static Path sharedCache;

    @TempDir
    Path ownDir;

    @BeforeAll
    static void extractOnce() {
        new ModelCache(sharedCache).materialise(MINILM);
    }

    @Test
    void secondOpenReusesTheExtractedFilesWithoutRewritingThem() throws IOException {
        try (Embedder first = Embedders.open("all-minilm-l6-v2", sharedCache, 1)) {
            assertThat(first.embed(List.of("warm up"))).hasNumberOfRows(1);
        }
        Path onnx = onlyFile("*.onnx");
        BasicFileAttributes before = attributes(onnx);

        try (Embedder second = Embedders.open("all-minilm-l6-v2", sharedCache, 1)) {
            assertThat(second.embed(List.of("warm up"))).hasNumberOfRows(1);
        }

        assertUntouched(onnx, before);
        assertThat(onlyFile("*.onnx")).isEqualTo(onnx);
    }

    @Test
    void filesAreNamedByTheSha256OfTheirBytes() throws IOException {
        ModelFiles files = new ModelCache(sharedCache).materialise(MINILM);

        assertThat(files.onnx().getFileName().toString())
                .isEqualTo(ModelCache.sha256Hex(Files.readAllBytes(files.onnx())) + ".onnx");
        assertThat(files.tokenizer().getFileName().toString())
                .isEqualTo(ModelCache.sha256Hex(Files.readAllBytes(files.tokenizer())) + ".json");
        assertThat(Files.size(files.onnx())).isGreaterThan(80_000_000L);
        try (Stream<Path> leftovers = Files.list(sharedCache)) {
            assertThat(leftovers).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        }
    }

    @Test
    void lostSidecarMeansRehashingButTheCachedFileIsKept() throws IOException {
        copySharedCacheTo(ownDir);
        ModelCache cache = new ModelCache(ownDir);
        Path onnx = cache.materialise(MINILM).onnx();
        BasicFileAttributes before = attributes(onnx);
        try (Stream<Path> sidecars = Files.list(ownDir)) {
            for (Path sidecar : sidecars.filter(p -> p.toString().endsWith(".sha256")).toList()) {
                Files.delete(sidecar);
            }
        }

        assertThat(cache.materialise(MINILM).onnx()).isEqualTo(onnx);
        assertUntouched(onnx, before);
    }

    @Test
    void truncatedCacheFileIsExtractedAgain() throws IOException {
        copySharedCacheTo(ownDir);
        ModelCache cache = new ModelCache(ownDir);
        Path onnx = cache.materialise(MINILM).onnx();
        long size = Files.size(onnx);
        Files.write(onnx, new byte[] {1, 2, 3});

        assertThat(cache.materialise(MINILM).onnx()).isEqualTo(onnx);
        assertThat(Files.size(onnx)).isEqualTo(size);
    }

    @Test
    void missingResourceNamesTheModelAndTheFile() {
        assertThatThrownBy(() -> new ModelCache(sharedCache).materialise(MINILM, "/no-such-model.onnx", ".onnx"))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("all-minilm-l6-v2")
                .hasMessageContaining("/no-such-model.onnx")
                .hasMessageContaining(MINILM.artifact());
    }

    @Test
    void corruptModelFileNamesTheModelAndTheFile() throws IOException {
        Path tokenizer = new ModelCache(sharedCache).materialise(MINILM, MINILM.tokenizerResource(), ".json");
        Path garbage = Files.writeString(ownDir.resolve("garbage.onnx"), "this is not a protobuf");

        assertThatThrownBy(() -> OnnxEmbedder.open(MINILM.textModel(), new ModelFiles(garbage, tokenizer), 1))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("all-minilm-l6-v2")
                .hasMessageContaining(garbage.toString());
    }

    @Test
    void unknownModelNameIsAClearError() {
        assertThatThrownBy(() -> Embedders.open("gpt-17-ultra", sharedCache, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown embedding model 'gpt-17-ultra'")
                .hasMessageContaining("all-minilm-l6-v2");
        assertThat(EmbeddingModelSpec.byName(" ALL-MiniLM-L6-v2 ")).isEqualTo(MINILM);
    }

    @Test
    void invalidThreadCountIsRejectedBeforeAnyWork() {
        assertThatThrownBy(() -> Embedders.open("all-minilm-l6-v2", sharedCache, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ortThreads");
    }

    @Test
    void closedEmbedderRefusesWorkAndClosesIdempotently() {
        Embedder embedder = Embedders.open("all-minilm-l6-v2", sharedCache, 1);
        embedder.close();
        embedder.close();

        assertThatThrownBy(() -> embedder.embed(List.of("too late")))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("closed");
    }

    private static void copySharedCacheTo(Path target) throws IOException {
        try (Stream<Path> files = Files.list(sharedCache)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
    }

    private static Path onlyFile(String glob) throws IOException {
        try (var files = Files.newDirectoryStream(sharedCache, glob)) {
            List<Path> matches = new ArrayList<>();
            files.forEach(matches::add);
            assertThat(matches).hasSize(1);
            return matches.getFirst();
        }
    }

    private static BasicFileAttributes attributes(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class);
    }

    /** Same inode and same modification time: the file was neither replaced nor rewritten. */
    private static void assertUntouched(Path file, BasicFileAttributes before) throws IOException {
        BasicFileAttributes after = attributes(file);
        assertThat(after.fileKey()).isEqualTo(before.fileKey());
        assertThat(after.lastModifiedTime()).isEqualTo(before.lastModifiedTime());
    }
}
