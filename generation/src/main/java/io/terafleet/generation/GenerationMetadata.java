package io.terafleet.generation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The model's {@code generation.json}: what the ONNX graph cannot tell (name, context, end tokens, chat). */
@JsonIgnoreProperties(ignoreUnknown = true)
record GenerationMetadata(
        @JsonProperty("name") String name,
        @JsonProperty("context_length") int contextLength,
        @JsonProperty("vocab_size") int vocabSize,
        @JsonProperty("num_layers") int layers,
        @JsonProperty("num_kv_heads") int kvHeads,
        @JsonProperty("head_dim") int headDim,
        @JsonProperty("eos_token_ids") List<Integer> eosTokenIds,
        @JsonProperty("chat_template") Template chatTemplate) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Template(@JsonProperty("prefix") String prefix, @JsonProperty("message") String message,
                    @JsonProperty("roles") Map<String, String> roles,
                    @JsonProperty("generation_prompt") String generationPrompt) {
    }

    static GenerationMetadata read(Path file) throws IOException {
        GenerationMetadata m = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
                .readValue(file.toFile(), GenerationMetadata.class);
        if (m.name == null || m.name.isBlank()) {
            throw new IOException(file + ": name is missing");
        }
        if (m.contextLength < 1) {
            throw new IOException(file + ": context_length must be at least 1");
        }
        if (m.eosTokenIds == null) {
            throw new IOException(file + ": eos_token_ids is missing");
        }
        return m;
    }

    ChatTemplate template() {
        Template t = chatTemplate == null ? new Template(null, null, null, null) : chatTemplate;
        return new ChatTemplate(t.prefix(), t.message(), t.roles(), t.generationPrompt());
    }
}
