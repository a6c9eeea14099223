package io.terafleet.coordinator.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.terafleet.core.api.GeneratedAnswer;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredAnswerTest {
    @Test
    void anAnswerResumedOnAnotherCarKeepsEveryTokenOnceAndEachCarsShare() {
        StoredAnswer soFar = StoredAnswer.NONE.continuedBy("car-a",
                new GeneratedAnswer(new int[] {5, 6, 7}, new float[] {-0.1f, -0.2f, -0.3f}, "abc", null, 0, 9));
        assertThat(soFar.finished()).isFalse();

        StoredAnswer whole = StoredAnswer.fromJson(soFar.toJson()).continuedBy("car-b",
                new GeneratedAnswer(new int[] {8, 9}, new float[] {-0.4f, -0.5f}, "abcde", "length", 3, 9));

        assertThat(whole.tokens()).containsExactly(5, 6, 7, 8, 9);
        assertThat(whole.logprobs()).containsExactly(-0.1f, -0.2f, -0.3f, -0.4f, -0.5f);
        assertThat(whole.text()).isEqualTo("abcde");
        assertThat(whole.finishReason()).isEqualTo("length");
        assertThat(whole.cars()).containsExactly(new StoredAnswer.CarPart("car-a", 3), new StoredAnswer.CarPart("car-b", 2));
        assertThat(StoredAnswer.fromJson(whole.toJson())).isEqualTo(whole);
    }

    @Test
    void aCarThatDidNotResumeAfterTheTokensItWasHandedIsRefused() {
        StoredAnswer soFar = StoredAnswer.NONE.continuedBy("car-a",
                new GeneratedAnswer(new int[] {5, 6}, new float[] {-0.1f, -0.2f}, "ab", null, 0, 9));

        assertThatThrownBy(() -> soFar.continuedBy("car-b",
                new GeneratedAnswer(new int[] {7}, new float[] {-0.3f}, "abc", "stop", 0, 9)))
                .hasMessageContaining("resumed after 0 tokens, but 2 were handed to the car");
        assertThat(StoredAnswer.NONE.continuedBy("car-a",
                new GeneratedAnswer(new int[0], new float[0], "", "stop", 0, 9)).cars())
                .isEqualTo(List.of(new StoredAnswer.CarPart("car-a", 0)));
    }
}
