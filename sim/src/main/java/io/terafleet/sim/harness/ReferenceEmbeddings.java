package io.terafleet.sim.harness;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What a simulated car computes for an input: a unit vector derived from the SHA-256 of its text. The simulation
 * tests scheduling and bookkeeping, not models, so the car's output only has to be a deterministic function of
 * the input that the checks can recompute: a result stored for the wrong input, or twice, shows up.
 */
public final class ReferenceEmbeddings {
    public static final int DIMENSIONS = 8;

    private ReferenceEmbeddings() {
    }

    public static float[] of(String text) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
        float[] v = new float[DIMENSIONS];
        double norm = 0;
        for (int i = 0; i < DIMENSIONS; i++) {
            v[i] = (digest[i] & 0xff) - 127.5f;
            norm += v[i] * v[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < DIMENSIONS; i++) {
            v[i] *= scale;
        }
        return v;
    }
}
