package io.terafleet.coordinator.generation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.terafleet.core.api.GeneratedAnswer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A generated answer as the store keeps it, whole or so far: every token from the first, their log-probabilities,
 * the text, why it ended (null while unfinished), the prompt's tokens, and the cars that generated it in order
 * with the tokens each produced (an answer resumed on another car lists both; each is paid for its own tokens).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoredAnswer(int[] tokens, float[] logprobs, String text, String finishReason, int promptTokens,
                           List<CarPart> cars) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One car's share of an answer: the tokens it generated. */
    public record CarPart(String carId, int tokens) {
    }

    public StoredAnswer {
        Objects.requireNonNull(tokens, "tokens: must be set");
        Objects.requireNonNull(logprobs, "logprobs: must be set");
        text = text == null ? "" : text;
        cars = cars == null ? List.of() : List.copyOf(cars);
    }

    /** Nothing generated yet. */
    public static final StoredAnswer NONE = new StoredAnswer(new int[0], new float[0], "", null, 0, List.of());

    /**
     * This answer (the prefix a car was handed) continued by the car's own tokens.
     *
     * @throws IllegalArgumentException when the car did not resume after exactly this prefix
     */
    public StoredAnswer continuedBy(String carId, GeneratedAnswer part) {
        if (part.resumed() != tokens.length) {
            throw new IllegalArgumentException("answer: resumed after " + part.resumed() + " tokens, but "
                    + tokens.length + " were handed to the car");
        }
        if (part.tokens().length != part.logprobs().length) {
            throw new IllegalArgumentException("answer: " + part.tokens().length + " tokens but "
                    + part.logprobs().length + " log-probabilities");
        }
        int[] all = Arrays.copyOf(tokens, tokens.length + part.tokens().length);
        System.arraycopy(part.tokens(), 0, all, tokens.length, part.tokens().length);
        float[] lps = Arrays.copyOf(logprobs, logprobs.length + part.logprobs().length);
        System.arraycopy(part.logprobs(), 0, lps, logprobs.length, part.logprobs().length);
        List<CarPart> parts = new ArrayList<>(cars);
        if (part.tokens().length > 0 || (parts.isEmpty() && part.finished())) {
            parts.add(new CarPart(carId, part.tokens().length));
        }
        return new StoredAnswer(all, lps, part.text(), part.finishReason(), part.promptTokens(), parts);
    }

    public boolean finished() {
        return finishReason != null;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer always serialises", e);
        }
    }

    public static StoredAnswer fromJson(String json) {
        try {
            return JSON.readValue(json, StoredAnswer.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored answer is not readable: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredAnswer that && Arrays.equals(tokens, that.tokens)
                && Arrays.equals(logprobs, that.logprobs) && text.equals(that.text)
                && Objects.equals(finishReason, that.finishReason) && promptTokens == that.promptTokens
                && cars.equals(that.cars);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(tokens), text, finishReason, cars);
    }

    @Override
    public String toString() {
        return "StoredAnswer[tokens=" + tokens.length + ", finishReason=" + finishReason + ", cars=" + cars + "]";
    }
}
