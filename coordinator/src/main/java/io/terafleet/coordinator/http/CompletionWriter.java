package io.terafleet.coordinator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.terafleet.coordinator.generation.GenerationService;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** OpenAI's bodies and stream chunks for chat completions and (legacy) completions. */
final class CompletionWriter {
    private final ObjectMapper json;
    private final CompletionRequests.Parsed request;
    private final String id;
    private final long created;
    /** Choices whose first chat chunk (the one naming the assistant role) went out. */
    private final ConcurrentHashMap<Integer, Boolean> introduced = new ConcurrentHashMap<>();

    CompletionWriter(ObjectMapper json, CompletionRequests.Parsed request, String id, long created) {
        this.json = json;
        this.request = request;
        this.id = id;
        this.created = created;
    }

    /** A stream chunk with the text choice {@code index} gained. */
    ObjectNode delta(int index, String text, List<String> texts, float[] logprobs) {
        ObjectNode chunk = envelope(true);
        ObjectNode choice = chunk.withArray("choices").addObject();
        choice.put("index", index);
        if (request.chat()) {
            ObjectNode delta = choice.putObject("delta");
            if (introduced.putIfAbsent(index, Boolean.TRUE) == null) {
                delta.put("role", "assistant");
            }
            delta.put("content", text);
            if (request.logprobs()) {
                choice.putObject("logprobs").set("content", CompletionRoutes.logprobsContent(json, texts, logprobs));
            } else {
                choice.putNull("logprobs");
            }
        } else {
            choice.put("text", text);
            choice.set("logprobs", request.logprobs() ? legacyLogprobs(texts, logprobs, 0) : null);
        }
        choice.putNull("finish_reason");
        return chunk;
    }

    /** The chunk that ends choice {@code index}. */
    ObjectNode finish(int index, String finishReason) {
        ObjectNode chunk = envelope(true);
        ObjectNode choice = chunk.withArray("choices").addObject();
        choice.put("index", index);
        if (request.chat()) {
            ObjectNode delta = choice.putObject("delta");
            if (introduced.putIfAbsent(index, Boolean.TRUE) == null) {
                delta.put("role", "assistant");
                delta.put("content", "");
            }
        } else {
            choice.put("text", "");
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        return chunk;
    }

    /** The last chunk when {@code stream_options.include_usage}: no choices, the request's usage. */
    ObjectNode usageChunk(List<GenerationService.Answer> answers) {
        ObjectNode chunk = envelope(false);
        chunk.putArray("choices");
        chunk.set("usage", usage(answers));
        return chunk;
    }

    /** The whole (non-streamed) response. */
    ObjectNode complete(List<GenerationService.Answer> answers) {
        ObjectNode body = envelope(false);
        body.put("object", request.chat() ? "chat.completion" : "text_completion");
        ArrayNode choices = body.putArray("choices");
        for (int i = 0; i < answers.size(); i++) {
            GenerationService.Answer answer = answers.get(i);
            ObjectNode choice = choices.addObject();
            choice.put("index", i);
            if (request.chat()) {
                ObjectNode message = choice.putObject("message");
                message.put("role", "assistant");
                message.put("content", answer.text());
                message.putNull("refusal");
                if (request.logprobs()) {
                    choice.putObject("logprobs").set("content",
                            CompletionRoutes.logprobsContent(json, answer.pieces(), answer.logprobs()));
                } else {
                    choice.putNull("logprobs");
                }
            } else {
                String prompt = request.echo() ? request.prompts().get(i / request.n()) : "";
                choice.put("text", prompt + answer.text());
                choice.set("logprobs", request.logprobs()
                        ? legacyLogprobs(answer.pieces(), answer.logprobs(), prompt.length()) : null);
            }
            choice.put("finish_reason", answer.finishReason());
        }
        body.set("usage", usage(answers));
        return body;
    }

    private ObjectNode envelope(boolean streamed) {
        ObjectNode node = json.createObjectNode();
        node.put("id", id);
        node.put("object", request.chat() ? "chat.completion.chunk" : "text_completion");
        node.put("created", created);
        node.put("model", request.model());
        String sha = request.descriptor().sha256();
        node.put("system_fingerprint", sha == null ? null : "fp_" + sha.substring(0, Math.min(10, sha.length())));
        if (streamed && request.includeUsage()) {
            node.putNull("usage");
        }
        return node;
    }

    /** Prompt tokens once per prompt (its n choices read it once), completion tokens of every choice. */
    private ObjectNode usage(List<GenerationService.Answer> answers) {
        int prompt = 0;
        int completion = 0;
        for (int i = 0; i < answers.size(); i++) {
            if (i % request.n() == 0) {
                prompt += answers.get(i).promptTokens();
            }
            completion += answers.get(i).tokens().length;
        }
        ObjectNode usage = json.createObjectNode();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        return usage;
    }

    private ObjectNode legacyLogprobs(List<String> texts, float[] logprobs, int offset) {
        ObjectNode node = json.createObjectNode();
        ArrayNode tokens = node.putArray("tokens");
        ArrayNode values = node.putArray("token_logprobs");
        ArrayNode offsets = node.putArray("text_offset");
        int at = offset;
        for (int i = 0; i < texts.size(); i++) {
            tokens.add(texts.get(i));
            values.add(logprobs[i]);
            offsets.add(at);
            at += texts.get(i).length();
        }
        node.putNull("top_logprobs");
        return node;
    }
}
