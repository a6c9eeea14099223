package io.terafleet.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TextStreamTest {

    /** A byte-level vocabulary of its own: each token is a byte string, decoding is plain UTF-8. */
    private final List<byte[]> vocabulary = new ArrayList<>();
    private final Function<int[], String> decoder = ids -> {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : ids) {
            bytes.writeBytes(vocabulary.get(id));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    };

    private int token(byte... bytes) {
        vocabulary.add(bytes);
        return vocabulary.size() - 1;
    }

    private int token(String text) {
        return token(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCharacterSplitAcrossTokensIsHeldUntilComplete() {
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        int head = token("caf");
        int firstHalf = token(e[0]);
        int secondHalf = token(e[1]);
        TextStream stream = new TextStream(decoder, List.of(), new int[0]);
        assertThat(stream.add(head, false)).isEqualTo("caf");
        assertThat(stream.add(firstHalf, false)).isEmpty();
        assertThat(stream.add(secondHalf, false)).isEqualTo("é");
        assertThat(stream.text()).isEqualTo("café");
    }

    @Test
    void textThatMayStartAStopSequenceWaitsAndIsDroppedWithIt() {
        TextStream stream = new TextStream(decoder, List.of("END"), new int[0]);
        assertThat(stream.add(token("hello E"), false)).isEqualTo("hello ");
        assertThat(stream.add(token("N"), false)).isEmpty();
        assertThat(stream.stopped()).isFalse();
        assertThat(stream.add(token("D and more"), false)).isEmpty();
        assertThat(stream.stopped()).isTrue();
        assertThat(stream.text()).isEqualTo("hello ");
    }

    @Test
    void heldTextIsReleasedWhenTheStopCannotComplete() {
        TextStream stream = new TextStream(decoder, List.of("END"), new int[0]);
        assertThat(stream.add(token("an E"), false)).isEqualTo("an ");
        assertThat(stream.add(token("Nx"), false)).isEqualTo("ENx");
        assertThat(stream.add(token(" E"), true)).isEqualTo(" E");
        assertThat(stream.stopped()).isFalse();
        assertThat(stream.text()).isEqualTo("an ENx E");
    }

    @Test
    void aResumedStreamDecodesInContextButEmitsOnlyNewText() {
        int context = token("In the");
        TextStream stream = new TextStream(decoder, List.of(), new int[] {context});
        assertThat(stream.add(token(" beginning"), false)).isEqualTo(" beginning");
        assertThat(stream.text()).isEqualTo(" beginning");
    }
}
