package io.terafleet.core.api;

import java.util.Map;
import java.util.Optional;

/** The KServe v2 element types Terafleet moves between clients and cars, with their sizes in bytes. */
public final class TensorTypes {
    private static final Map<String, Integer> SIZES = Map.of(
            "FP32", 4, "FP64", 8, "INT8", 1, "UINT8", 1, "INT16", 2, "INT32", 4, "INT64", 8, "BOOL", 1);

    private TensorTypes() {
    }

    /** Bytes per element, or empty for a type that cannot be sent (e.g. BYTES, FP16). */
    public static Optional<Integer> size(String datatype) {
        return Optional.ofNullable(datatype == null ? null : SIZES.get(datatype));
    }

    public static java.util.Set<String> supported() {
        return new java.util.TreeSet<>(SIZES.keySet());
    }

    /** Elements in a tensor of this shape; -1 if a dimension is negative or the count overflows an int. */
    public static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                return -1;
            }
            n = Math.multiplyExact(n, d);
            if (n > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return n;
    }
}
