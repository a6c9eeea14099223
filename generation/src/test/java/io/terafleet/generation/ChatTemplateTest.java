package io.terafleet.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatTemplateTest {

    @Test
    void chatMlLaysOutTurnsAndInvitesTheAnswer() {
        ChatTemplate chatMl = new ChatTemplate("", "<|im_start|>{role}\n{content}<|im_end|>\n", Map.of(),
                "<|im_start|>assistant\n");
        assertThat(chatMl.apply(List.of(new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hi {role}"))))
                .isEqualTo("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi {role}<|im_end|>\n"
                        + "<|im_start|>assistant\n");
    }

    @Test
    void aRolePatternOverridesTheDefault() {
        ChatTemplate zephyr = new ChatTemplate("<s>", "<|{role}|>\n{content}</s>\n",
                Map.of("system", "<|system|>\n{content}</s>\n"), "<|assistant|>\n");
        assertThat(zephyr.apply(List.of(new ChatMessage("system", "S"), new ChatMessage("user", "U"))))
                .isEqualTo("<s><|system|>\nS</s>\n<|user|>\nU</s>\n<|assistant|>\n");
    }

    @Test
    void requestsNameTheFieldTheyRefuse() {
        int[] prompt = {1};
        assertThatThrownBy(() -> new GenerationRequest(new int[0], 1, 0, 1, 0, List.of(), 0)).hasMessageContaining("promptTokens");
        assertThatThrownBy(() -> new GenerationRequest(prompt, -1, 0, 1, 0, List.of(), 0)).hasMessageContaining("maxTokens");
        assertThatThrownBy(() -> new GenerationRequest(prompt, 1, -0.5, 1, 0, List.of(), 0)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> new GenerationRequest(prompt, 1, 0, 0, 0, List.of(), 0)).hasMessageContaining("topP");
        assertThatThrownBy(() -> new GenerationRequest(prompt, 1, 0, 1, 0, List.of(""), 0)).hasMessageContaining("stop");
        assertThatThrownBy(() -> new GenerationRequest(prompt, 1, 0, 1, 0, List.of(), 2)).hasMessageContaining("alreadyGenerated");
        assertThat(new GenerationRequest(prompt, 5, 0, 1, 0, null, 1).remainingTokens()).isEqualTo(4);
    }
}
