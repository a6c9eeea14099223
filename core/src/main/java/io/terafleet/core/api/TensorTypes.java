package io.terafleet.core.api;

import java.util.Map;
import java.util.Optional;

/** The KServe v2 element types Terafleet moves between clients and cars, with their sizes in bytes. */
public final class TensorTypes {
    private static final Map<String, Integer> SIZES = Map.of(
            "FP32", 4, "FP64", 8, "INT8", 1, "UINT8", 1, "INT16", 2, "INT32", 4, "INT64", 8, "BOOL", 1);

    /** ONNX Runtime's element type names ({@code OnnxJavaType}) to KServe v2's. */
    private static final Map<String, String> FROM_ONNX = Map.ofEntries(Map.entry("FLOAT", "FP32"),
            Map.entry("DOUBLE", "FP64"), Map.entry("INT8", "INT8"), Map.entry("UINT8", "UINT8"),
            Map.entry("INT16", "INT16"), Map.entry("INT32", "INT32"), Map.entry("INT64", "INT64"),
            Map.entry("BOOL", "BOOL"), Map.entry("FLOAT16", "FP16"), Map.entry("BFLOAT16", "BF16"),
            Map.entry("STRING", "BYTES"));

    private TensorTypes() {
    }

    /** The KServe v2 name of an ONNX Runtime element type (by its enum name); unknown ones keep their name. */
    public static String fromOnnx(String onnxTypeName) {
        return FROM_ONNX.getOrDefault(onnxTypeName, onnxTypeName);
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
