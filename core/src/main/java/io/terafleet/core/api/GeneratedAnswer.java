package io.terafleet.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import java.util.Objects;

/**
 * A car's answer to one input of a generation unit: the tokens it generated itself (after the {@code resumed}
 * tokens it was handed), their log-probabilities under the model's unscaled distribution, and the text of the
 * whole answer so far (the resumed tokens' text included). {@code finishReason} is null while the answer is
 * unfinished: a car released mid-answer hands back such an answer, and the next car resumes after its tokens.
 *
 * @param resumed      how many tokens the car was handed (the lease's resume tokens), before its own
 * @param promptTokens the tokens of the prompt (resumed tokens not counted)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GeneratedAnswer(int[] tokens, float[] logprobs, String text, String finishReason, int resumed,
                             int promptTokens) {
    public GeneratedAnswer {
        Objects.requireNonNull(tokens, "tokens: must be set");
        Objects.requireNonNull(logprobs, "logprobs: must be set");
        Objects.requireNonNull(text, "text: must be set");
        if (resumed < 0 || promptTokens < 0) {
            throw new IllegalArgumentException("resumed and promptTokens: must be ≥ 0, were " + resumed + ", "
                    + promptTokens);
        }
    }

    public boolean finished() {
        return finishReason != null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GeneratedAnswer that && Arrays.equals(tokens, that.tokens)
                && Arrays.equals(logprobs, that.logprobs) && text.equals(that.text)
                && Objects.equals(finishReason, that.finishReason) && resumed == that.resumed
                && promptTokens == that.promptTokens;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(tokens), text, finishReason, resumed);
    }

    @Override
    public String toString() {
        return "GeneratedAnswer[tokens=" + tokens.length + ", resumed=" + resumed + ", finishReason=" + finishReason
                + "]";
    }
}
