package io.terafleet.core.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * Float vectors as base64 of their float32 little-endian bytes, as OpenAI's
 * {@code encoding_format=base64} sends them. Formatting and parsing decimal floats was the
 * largest CPU cost of a completion, and the bytes round-trip exactly.
 */
public final class FloatVectors {
    private FloatVectors() {
    }

    public static String toBase64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    /** @throws IllegalArgumentException when the text is not base64 of a whole number of floats */
    public static float[] fromBase64(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("embedding: " + bytes.length + " bytes is not a whole number of float32 values");
        }
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
