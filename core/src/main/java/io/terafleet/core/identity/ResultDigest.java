package io.terafleet.core.identity;

import io.terafleet.core.api.InputResult;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The one canonical form of what a car vouches for when it hands results back, and its SHA-256 digest (what the car
 * signs). Defined here once so that the car and the coordinator cannot drift apart. Every field is length- or
 * count-prefixed, so no two different results share a form:
 *
 * <pre>
 *   "terafleet-result-v1" kind lease-id unit-id   (each: int32 byte length, UTF-8 bytes)
 *   int32 result count, then per result in the order sent:
 *     int32 input index, int32 tokens (-1: not counted), int32 value count (-1: no vector),
 *     each value as float32 little-endian bits (the bytes that travel as embeddingBase64)
 *   energy claim: byte 0 (none) or byte 1 and the IEEE 754 bits of the watt-hours, big-endian
 * </pre>
 *
 * Integers are big-endian. {@code kind} tells a completion from a release, so one cannot be replayed as the other.
 */
public final class ResultDigest {
    /** A completion: every input of the unit. */
    public static final String COMPLETE = "complete";
    /** A release: the inputs the car finished before it was needed. */
    public static final String RELEASE = "release";
    static final String DOMAIN = "terafleet-result-v1";

    private ResultDigest() {
    }

    /** The canonical bytes; pure, one allocation of exactly their size. */
    public static byte[] canonical(String kind, String leaseId, String unitId, List<InputResult> results,
                                   Double energyWh) {
        byte[][] texts = {utf8(DOMAIN), utf8(require(kind, "kind")), utf8(require(leaseId, "leaseId")),
                utf8(require(unitId, "unitId"))};
        List<InputResult> all = results == null ? List.of() : results;
        int size = 4 + sizeOf(all) + 1 + (energyWh == null ? 0 : Long.BYTES);
        for (byte[] text : texts) {
            size += 4 + text.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size); // big-endian
        for (byte[] text : texts) {
            out.putInt(text.length).put(text);
        }
        out.putInt(all.size());
        for (InputResult result : all) {
            vector(out, result);
        }
        if (energyWh == null) {
            out.put((byte) 0);
        } else {
            out.put((byte) 1).putLong(Double.doubleToLongBits(energyWh));
        }
        return out.array();
    }

    /** SHA-256 of the canonical bytes: what a car signs. */
    public static byte[] of(String kind, String leaseId, String unitId, List<InputResult> results, Double energyWh) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(canonical(kind, leaseId, unitId, results, energyWh));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void vector(ByteBuffer out, InputResult result) {
        if (result == null) {
            out.putInt(-1).putInt(-1).putInt(-1);
            return;
        }
        out.putInt(result.index()).putInt(result.tokens() == null ? -1 : result.tokens());
        float[] v = result.embedding();
        if (v == null) {
            out.putInt(-1);
            return;
        }
        out.putInt(v.length);
        // The values as they travel (float32 little-endian), written in one bulk copy.
        out.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(v);
        out.position(out.position() + v.length * Float.BYTES);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static String require(String value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": must be set");
        }
        return value;
    }

    private static int sizeOf(List<InputResult> results) {
        int size = 0;
        for (InputResult r : results) {
            size += 12 + (r == null || r.embedding() == null ? 0 : r.embedding().length * Float.BYTES);
        }
        return size;
    }
}
