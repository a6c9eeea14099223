package io.terafleet.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The catalog's hashes name the built-in files a coordinator may serve, and nothing else. */
class BuiltInResourcesTest {
    @Test
    void eachCatalogHashNamesItsFile() {
        var minilm = ModelCatalog.find("all-minilm-l6-v2").orElseThrow();
        assertThat(BuiltInResources.resourceOf("all-minilm-l6-v2", minilm.sha256())).contains("/all-minilm-l6-v2.onnx");
        assertThat(BuiltInResources.resourceOf("all-minilm-l6-v2", minilm.tokenizerSha256()))
                .contains("/all-minilm-l6-v2-tokenizer.json");
        var kjv = ModelCatalog.findGenerative("kjv-gpt").orElseThrow();
        assertThat(BuiltInResources.resourceOf("kjv-gpt", kjv.sha256())).contains("/models/kjv-gpt/model.onnx");
    }

    @Test
    void anotherModelsHashOrAnUnknownModelNamesNothing() {
        var bge = ModelCatalog.find("bge-small-en-v1.5").orElseThrow();
        assertThat(BuiltInResources.resourceOf("all-minilm-l6-v2", bge.sha256())).isEmpty();
        assertThat(BuiltInResources.resourceOf("my-registered-model", bge.sha256())).isEmpty();
        assertThat(BuiltInResources.resourceOf("all-minilm-l6-v2", null)).isEmpty();
    }
}
