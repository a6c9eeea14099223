package io.terafleet.coordinator.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmbeddingCodecTest {
    @Test
    void storesFloat32LittleEndian() {
        assertThat(EmbeddingCodec.encode(new float[] {1.0f, -2.5f}))
                .containsExactly(0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0);
    }

    @Test
    void roundTripsEveryBitPattern() {
        float[] awkward = {0f, -0f, Float.MIN_VALUE, -Float.MAX_VALUE, 1e-40f, 0.1f, Float.NaN,
                Float.intBitsToFloat(0x7fc00001), Float.POSITIVE_INFINITY};

        float[] back = EmbeddingCodec.decode(EmbeddingCodec.encode(awkward));

        assertThat(back).hasSize(awkward.length);
        for (int i = 0; i < awkward.length; i++) {
            assertThat(Float.floatToRawIntBits(back[i])).isEqualTo(Float.floatToRawIntBits(awkward[i]));
        }
    }

    @Test
    void rejectsBytesThatAreNotWholeFloats() {
        assertThatThrownBy(() -> EmbeddingCodec.decode(new byte[5])).isInstanceOf(IllegalArgumentException.class);
    }
}
