package io.terafleet.core.api;

import java.util.List;

/**
 * One online request handed to a car: embed {@code texts}, or run the graph on {@code inputs} and
 * return {@code outputs} (all outputs when empty).
 *
 * @param kind {@link #EMBED} or {@link #INFER}
 */
public record OnlineTask(String requestId, String model, String kind, List<String> texts, List<TensorData> inputs,
                         List<String> outputs) {
    public static final String EMBED = "embed";
    public static final String INFER = "infer";
}
