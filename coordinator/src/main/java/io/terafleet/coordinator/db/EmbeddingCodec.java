package io.terafleet.coordinator.db;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * How an embedding is stored: its floats as IEEE 754 float32, little-endian, one after another.
 * Fixed here (not left to the JVM's byte order) so that any tool reading the database can decode it.
 */
public final class EmbeddingCodec {
    private EmbeddingCodec() {
    }

    public static byte[] encode(float[] embedding) {
        ByteBuffer buffer = ByteBuffer.allocate(embedding.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(embedding);
        return buffer.array();
    }

    public static float[] decode(byte[] bytes) {
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("an embedding takes 4 bytes a float, got " + bytes.length + " bytes");
        }
        float[] embedding = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(embedding);
        return embedding;
    }
}
