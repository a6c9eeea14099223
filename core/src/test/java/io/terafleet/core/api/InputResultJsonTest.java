package io.terafleet.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InputResultJsonTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void vectorTravelsAsBase64AndRoundTripsBitForBit() throws Exception {
        var random = new Random(7);
        float[] vector = new float[384];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        vector[0] = Float.MIN_VALUE;
        vector[1] = -0.0f;
        String text = json.writeValueAsString(new InputResult(3, vector));
        assertThat(text).startsWith("{\"index\":3,\"embeddingBase64\":\"").doesNotContain("\"embedding\":");
        InputResult back = json.readValue(text, InputResult.class);
        assertThat(back.index()).isEqualTo(3);
        for (int i = 0; i < vector.length; i++) {
            assertThat(Float.floatToRawIntBits(back.embedding()[i])).isEqualTo(Float.floatToRawIntBits(vector[i]));
        }
    }

    @Test
    void plainArrayIsAcceptedToo() throws Exception {
        InputResult back = json.readValue("{\"index\":1,\"embedding\":[0.5,-1.25]}", InputResult.class);
        assertThat(back.embedding()).containsExactly(0.5f, -1.25f);
    }

    @Test
    void missingVectorStaysNullForTheReceiverToRefuse() throws Exception {
        assertThat(json.readValue("{\"index\":1}", InputResult.class).embedding()).isNull();
    }

    @Test
    void raggedBase64IsRefused() {
        assertThatThrownBy(() -> json.readValue("{\"index\":1,\"embeddingBase64\":\"AAAA\"}", InputResult.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasMessageContaining("not a whole number of float32 values");
    }
}
