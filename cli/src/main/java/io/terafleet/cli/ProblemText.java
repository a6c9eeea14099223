package io.terafleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The human part of an error body: RFC 9457 {@code detail} (or {@code title}), or OpenAI's {@code error.message}. */
final class ProblemText {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX = 400;

    private ProblemText() {
    }

    static String detail(String body, int status) {
        if (body == null || body.isBlank()) {
            return "HTTP " + status;
        }
        try {
            JsonNode node = JSON.readTree(body);
            String text = node.path("detail").asText(node.path("error").path("message").asText(node.path("title").asText("")));
            if (!text.isBlank()) {
                return text;
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the body itself, shortened
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.length() > MAX ? flat.substring(0, MAX) + "…" : flat;
    }
}
