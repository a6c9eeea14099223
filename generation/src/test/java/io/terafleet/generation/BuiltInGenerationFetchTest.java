package io.terafleet.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.terafleet.core.model.ModelCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A jar without kjv-gpt's graph (the agent distribution) fetches it, and runs it only if it hashes as catalogued. */
class BuiltInGenerationFetchTest {
    private static final String GRAPH = "/models/kjv-gpt/model.onnx";
    /** The jar as the agent distribution has it: everything but the graph. */
    private static final Function<String, InputStream> WITHOUT_GRAPH =
            resource -> resource.equals(GRAPH) ? null : BuiltInGenerationModels.class.getResourceAsStream(resource);

    @TempDir
    Path dir;

    @Test
    void theMissingGraphIsFetchedByItsCatalogHashAndOpens() throws IOException {
        List<String> asked = new ArrayList<>();
        Path model = BuiltInGenerationModels.extract("kjv-gpt", dir, (name, file, sha256, target) -> {
            asked.add(name + " " + file + " " + sha256);
            try (InputStream registry = BuiltInGenerationModels.class.getResourceAsStream(GRAPH)) {
                Files.copy(registry, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }, WITHOUT_GRAPH);

        assertThat(asked).containsExactly("kjv-gpt model.onnx " + ModelCatalog.findGenerative("kjv-gpt").orElseThrow().sha256());
        try (GenerationEngine engine = GenerationEngine.open(model, EngineOptions.defaults())) {
            assertThat(engine.encode("In the beginning")).isNotEmpty();
        }
    }

    @Test
    void otherBytesAreRefusedAndNotKept() {
        assertThatThrownBy(() -> BuiltInGenerationModels.extract("kjv-gpt", dir,
                (name, file, sha256, target) -> Files.writeString(target, "not the model"), WITHOUT_GRAPH))
                .isInstanceOf(IOException.class).hasMessageContaining("refusing to run it");
        assertThat(dir.resolve("kjv-gpt-168126bd1d9a93e7").resolve("model.onnx")).doesNotExist();
    }
}
