package io.terafleet.core.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;

/**
 * The embedding a car computed for the input at {@code index}. On the wire the vector travels as
 * {@code embeddingBase64} (see {@link FloatVectors}); a plain {@code embedding} array of numbers
 * is accepted too. A class rather than a record: Jackson binds records through their canonical
 * constructor, which cannot take the base64 form.
 */
public final class InputResult {
    private final int index;
    private final float[] embedding;
    private final Integer tokens;
    private final GeneratedAnswer answer;

    public InputResult(int index, float[] embedding) {
        this(index, embedding, null);
    }

    /** @param tokens the tokens the input took (what OpenAI bills as prompt tokens), or null when not counted */
    public InputResult(int index, float[] embedding, Integer tokens) {
        this(index, embedding, tokens, null);
    }

    private InputResult(int index, float[] embedding, Integer tokens, GeneratedAnswer answer) {
        this.index = index;
        this.embedding = embedding;
        this.tokens = tokens;
        this.answer = answer;
    }

    /** The answer a car generated for the input of a generation unit (no embedding). */
    public static InputResult generated(int index, GeneratedAnswer answer) {
        return new InputResult(index, null, null, java.util.Objects.requireNonNull(answer, "answer: must be set"));
    }

    @JsonCreator
    public static InputResult fromJson(@JsonProperty("index") int index,
                                       @JsonProperty("embedding") float[] embedding,
                                       @JsonProperty("embeddingBase64") String embeddingBase64,
                                       @JsonProperty("tokens") Integer tokens,
                                       @JsonProperty("answer") GeneratedAnswer answer) {
        return new InputResult(index, embeddingBase64 != null ? FloatVectors.fromBase64(embeddingBase64) : embedding,
                tokens, answer);
    }

    /** The generated answer, or null for an embedding. */
    @JsonProperty("answer")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public GeneratedAnswer answer() {
        return answer;
    }

    /** The tokens the input took, or null when the car did not count them. */
    @JsonProperty("tokens")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public Integer tokens() {
        return tokens;
    }

    @JsonProperty("index")
    public int index() {
        return index;
    }

    /** The vector, or {@code null} when a sender left it out (the receiver refuses that). */
    @JsonIgnore
    public float[] embedding() {
        return embedding;
    }

    @JsonProperty("embeddingBase64")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public String embeddingBase64() {
        return embedding == null ? null : FloatVectors.toBase64(embedding);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InputResult that && index == that.index && Arrays.equals(embedding, that.embedding)
                && java.util.Objects.equals(answer, that.answer);
    }

    @Override
    public int hashCode() {
        return 31 * index + Arrays.hashCode(embedding);
    }

    @Override
    public String toString() {
        return "InputResult[index=" + index + ", dimensions=" + (embedding == null ? "none" : embedding.length)
                + (answer == null ? "" : ", " + answer) + "]";
    }
}
