package io.terafleet.generation;

import java.util.Objects;

/** One turn of a conversation: {@code role} is {@code system}, {@code user}, {@code assistant} or another role the template knows. */
public record ChatMessage(String role, String content) {
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }
}
