package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.terafleet.coordinator.models.ModelRegistry;
import io.terafleet.core.api.GenerationTask;
import io.terafleet.core.api.ModelDescriptor;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads and checks {@code POST /v1/chat/completions} and {@code POST /v1/completions} bodies as OpenAI does, each
 * error naming its parameter. Also used for the Batch API's lines, so a batch refuses what the online API refuses.
 */
final class CompletionRequests {
    static final int MAX_N = 8;
    static final int MAX_STOP = 4;
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");
    private static final SecureRandom SEEDS = new SecureRandom();

    /**
     * A valid request: one conversation or one or more prompts, and how to sample.
     *
     * @param prompts null for a chat request
     * @param seedGiven whether the caller chose the seed (else one was drawn, and is reported back)
     */
    record Parsed(boolean chat, String model, ModelDescriptor descriptor, List<GenerationTask.Message> messages,
                  List<String> prompts, int maxTokens, double temperature, double topP, int n, List<String> stop,
                  long seed, boolean seedGiven, boolean stream, boolean includeUsage, boolean logprobs, boolean echo) {

        /** The task of choice {@code index} of prompt {@code prompt}: seeds differ by choice, so choices differ. */
        GenerationTask task(int prompt, int index) {
            return new GenerationTask(chat ? messages : null, chat ? null : prompts.get(prompt), maxTokens, temperature,
                    topP, seed + index, stop, null, null);
        }

        int promptCount() {
            return chat ? 1 : prompts.size();
        }
    }

    private final ModelRegistry registry;

    CompletionRequests(ModelRegistry registry) {
        this.registry = registry;
    }

    Parsed parse(JsonNode body, boolean chat) {
        String model = JsonBodies.requiredText(body, "model");
        ModelDescriptor descriptor = registry.find(model).orElseThrow(() -> ApiError.modelNotFound(model));
        if (!descriptor.isTextGeneration()) {
            throw ApiError.invalid("model", "The model '" + model + "' does not generate text"
                    + (descriptor.isTextEmbedding() ? ": use POST /v1/embeddings" : ": use POST /v2/models/" + model + "/infer"));
        }
        List<GenerationTask.Message> messages = chat ? messages(body.get("messages")) : null;
        List<String> prompts = chat ? null : prompts(body.get("prompt"));
        Integer max = JsonBodies.optionalInt(body, "max_completion_tokens");
        String maxField = "max_completion_tokens";
        if (max == null) {
            max = JsonBodies.optionalInt(body, "max_tokens");
            maxField = "max_tokens";
        }
        int context = descriptor.maxTokens();
        if (max != null && (max < 1 || max > context)) {
            throw ApiError.invalid(maxField, "'" + maxField + "' must be between 1 and the model's context of " + context
                    + " tokens, was " + max);
        }
        int maxTokens = max != null ? max : (chat ? Math.min(256, context) : Math.min(16, context));
        double temperature = number(body, "temperature", 1.0, 0, 2);
        double topP = number(body, "top_p", 1.0, 0, 1);
        if (topP == 0) {
            throw ApiError.invalid("top_p", "'top_p' must be greater than 0, was 0");
        }
        Integer n = JsonBodies.optionalInt(body, "n");
        if (n != null && (n < 1 || n > MAX_N)) {
            throw ApiError.invalid("n", "'n' must be between 1 and " + MAX_N + ", was " + n);
        }
        JsonNode seedNode = body.get("seed");
        boolean seedGiven = seedNode != null && !seedNode.isNull();
        if (seedGiven && !seedNode.canConvertToLong()) {
            throw ApiError.invalid("seed", "'seed' must be an integer");
        }
        long seed = seedGiven ? seedNode.longValue() : SEEDS.nextLong() >>> 1;
        boolean stream = bool(body, "stream");
        boolean includeUsage = false;
        JsonNode options = body.get("stream_options");
        if (options != null && !options.isNull()) {
            if (!stream) {
                throw ApiError.invalid("stream_options", "'stream_options' is only allowed when 'stream' is true");
            }
            if (!options.isObject()) {
                throw ApiError.invalid("stream_options", "'stream_options' must be an object");
            }
            includeUsage = bool(options, "include_usage");
        }
        refuseUnsupported(body);
        boolean logprobs = chat ? bool(body, "logprobs") : logprobsCount(body) > 0;
        boolean echo = !chat && bool(body, "echo");
        return new Parsed(chat, model, descriptor, messages, prompts, maxTokens, temperature, topP, n == null ? 1 : n,
                stop(body.get("stop")), seed, seedGiven, stream, includeUsage, logprobs, echo);
    }

    private static List<GenerationTask.Message> messages(JsonNode node) {
        if (node == null || node.isNull()) {
            throw ApiError.invalid("messages", "Missing required parameter: 'messages'.");
        }
        if (!node.isArray() || node.isEmpty()) {
            throw ApiError.invalid("messages", "'messages' must be a non-empty array of {role, content}");
        }
        List<GenerationTask.Message> messages = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            String where = "messages[" + i + "]";
            if (!m.isObject()) {
                throw ApiError.invalid(where, "'" + where + "' must be an object with 'role' and 'content'");
            }
            String role = m.path("role").asText(null);
            if (role == null || !ROLES.contains(role)) {
                throw ApiError.invalid(where + ".role", "'" + where + ".role' must be one of " + ROLES + ", was "
                        + m.get("role"));
            }
            messages.add(new GenerationTask.Message(role.equals("developer") ? "system" : role,
                    content(m.get("content"), where + ".content")));
        }
        return messages;
    }

    /** A string, or an array of text parts ({@code {"type": "text", "text": ...}}) joined. */
    private static String content(JsonNode content, String where) {
        if (content == null || content.isNull()) {
            throw ApiError.invalid(where, "Missing required parameter: '" + where + "'.");
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asText(null)) || !part.path("text").isTextual()) {
                    throw ApiError.invalid(where, "'" + where + "' parts must be {\"type\": \"text\", \"text\": ...};"
                            + " this model reads text only");
                }
                text.append(part.get("text").asText());
            }
            return text.toString();
        }
        throw ApiError.invalid(where, "'" + where + "' must be a string or an array of text parts");
    }

    private static List<String> prompts(JsonNode node) {
        if (node == null || node.isNull()) {
            throw ApiError.invalid("prompt", "Missing required parameter: 'prompt'.");
        }
        if (node.isTextual()) {
            return List.of(nonEmpty(node.asText(), "prompt"));
        }
        if (node.isArray() && !node.isEmpty() && node.size() <= MAX_N) {
            List<String> prompts = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isTextual()) {
                    throw ApiError.invalid("prompt", "'prompt[" + i + "]' must be a string; token arrays are not supported");
                }
                prompts.add(nonEmpty(node.get(i).asText(), "prompt[" + i + "]"));
            }
            return prompts;
        }
        throw ApiError.invalid("prompt", "'prompt' must be a string or an array of 1 to " + MAX_N + " strings");
    }

    private static String nonEmpty(String text, String where) {
        if (text.isEmpty()) {
            throw ApiError.invalid("prompt", "'" + where + "' must not be empty");
        }
        return text;
    }

    private static List<String> stop(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> stop = new ArrayList<>();
        if (node.isTextual()) {
            stop.add(node.asText());
        } else if (node.isArray() && node.size() <= MAX_STOP) {
            node.forEach(s -> stop.add(s.isTextual() ? s.asText() : null));
        } else {
            throw ApiError.invalid("stop", "'stop' must be a string or an array of at most " + MAX_STOP + " strings");
        }
        if (stop.stream().anyMatch(s -> s == null || s.isEmpty())) {
            throw ApiError.invalid("stop", "'stop' sequences must be non-empty strings");
        }
        return stop;
    }

    private static double number(JsonNode body, String field, double otherwise, double min, double max) {
        Double value = JsonBodies.optionalNumber(body, field);
        if (value == null) {
            return otherwise;
        }
        if (!(value >= min && value <= max)) {
            throw ApiError.invalid(field, "'" + field + "' must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw ApiError.invalid(field, "'" + field + "' must be a boolean");
        }
        return node.booleanValue();
    }

    private static int logprobsCount(JsonNode body) {
        Integer count = JsonBodies.optionalInt(body, "logprobs");
        if (count != null && (count < 0 || count > 5)) {
            throw ApiError.invalid("logprobs", "'logprobs' must be between 0 and 5, was " + count);
        }
        return count == null ? 0 : count + 1;
    }

    /** Parameters this fleet cannot honour are refused by name rather than silently ignored. */
    private static void refuseUnsupported(JsonNode body) {
        for (String penalty : List.of("frequency_penalty", "presence_penalty")) {
            Double value = JsonBodies.optionalNumber(body, penalty);
            if (value != null && value != 0) {
                throw ApiError.invalid(penalty, "'" + penalty + "' is not supported; leave it out or set 0");
            }
        }
        JsonNode bias = body.get("logit_bias");
        if (bias != null && !bias.isNull() && !bias.isEmpty()) {
            throw ApiError.invalid("logit_bias", "'logit_bias' is not supported; leave it out");
        }
        JsonNode tools = body.get("tools");
        if (tools != null && !tools.isNull() && !tools.isEmpty()) {
            throw ApiError.invalid("tools", "'tools' are not supported by this model; leave them out");
        }
        JsonNode format = body.get("response_format");
        if (format != null && !format.isNull() && !"text".equals(format.path("type").asText(null))) {
            throw ApiError.invalid("response_format", "only {\"type\": \"text\"} is supported");
        }
        Integer topLogprobs = JsonBodies.optionalInt(body, "top_logprobs");
        if (topLogprobs != null && topLogprobs != 0) {
            throw ApiError.invalid("top_logprobs", "'top_logprobs' is not supported; the chosen tokens' logprobs are");
        }
        Integer bestOf = JsonBodies.optionalInt(body, "best_of");
        if (bestOf != null && bestOf != 1) {
            throw ApiError.invalid("best_of", "'best_of' is not supported; use 'n'");
        }
        JsonBodies.optionalText(body, "user");
        if (JsonBodies.optionalText(body, "suffix") != null) {
            throw ApiError.invalid("suffix", "'suffix' (insertion) is not supported; leave it out");
        }
    }
}
