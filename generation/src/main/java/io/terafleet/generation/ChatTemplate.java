package io.terafleet.generation;

import java.util.List;
import java.util.Map;

/**
 * A chat template as {@code generation.json} declares it: a prefix, one pattern per message with
 * {@code {role}} and {@code {content}} placeholders (a per-role pattern overrides the default), and the
 * text that invites the model's answer. Deliberately not Jinja: the patterns of GPT-2, SmolLM2 (ChatML),
 * Qwen2.5 and TinyLlama (Zephyr) are all of this shape, and a fixed shape cannot run code.
 */
record ChatTemplate(String prefix, String message, Map<String, String> roles, String generationPrompt) {

    ChatTemplate {
        prefix = prefix == null ? "" : prefix;
        message = message == null ? "{role}: {content}\n" : message;
        roles = roles == null ? Map.of() : Map.copyOf(roles);
        generationPrompt = generationPrompt == null ? "" : generationPrompt;
    }

    String apply(List<ChatMessage> messages) {
        StringBuilder text = new StringBuilder(prefix);
        for (ChatMessage m : messages) {
            String pattern = roles.getOrDefault(m.role(), message);
            // Content last, so a message that itself contains "{role}" stays as written.
            text.append(pattern.replace("{role}", m.role()).replace("{content}", m.content()));
        }
        return text.append(generationPrompt).toString();
    }
}
