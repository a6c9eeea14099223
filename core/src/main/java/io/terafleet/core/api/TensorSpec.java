package io.terafleet.core.api;

import java.util.List;

/**
 * One input or output of a model's graph, as KServe v2 metadata describes it.
 *
 * @param datatype KServe name: {@code FP32}, {@code FP64}, {@code INT32}, {@code INT64}, ...
 * @param shape    dimensions; {@code -1} where the graph leaves one open (batch, sequence)
 */
public record TensorSpec(String name, String datatype, List<Long> shape) {
}
