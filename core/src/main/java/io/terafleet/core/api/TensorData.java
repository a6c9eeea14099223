package io.terafleet.core.api;

/**
 * A tensor on the agent API: its elements as base64 of their little-endian bytes, row-major. Binary,
 * not JSON numbers, for the same reason as {@link FloatVectors}: formatting numbers costs more than inference.
 *
 * @param datatype KServe name of the element type ({@code FP32}, {@code INT64}, ...)
 */
public record TensorData(String name, String datatype, long[] shape, String dataBase64) {
}
