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

    /**
     * One car's share of an answer: the tokens it generated and the energy paid for them (its share of the energy
     * its lease was paid, by tokens; 0 where none was reported).
     */
    public record CarPart(String carId, int tokens, long milliWh) {
        public CarPart(String carId, int tokens) {
            this(carId, tokens, 0);
        }
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
        return continuedBy(carId, part, 0);
    }

    /**
     * As {@link #continuedBy(String, GeneratedAnswer)}, the car's part paid {@code milliWh} of energy.
     *
     * @throws IllegalArgumentException when the car did not resume after exactly this prefix
     */
    public StoredAnswer continuedBy(String carId, GeneratedAnswer part, long milliWh) {
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
            parts.add(new CarPart(carId, part.tokens().length, milliWh));
        }
        return new StoredAnswer(all, lps, part.text(), part.finishReason(), part.promptTokens(), parts);
    }

    /**
     * Which car generated the token at {@code position}, or null past the end: the parts in order, each holding the
     * tokens it generated after the ones before it.
     */
    public String carAt(int position) {
        int end = 0;
        for (CarPart part : cars) {
            end += part.tokens();
            if (position < end) {
                return part.carId();
            }
        }
        return null;
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
