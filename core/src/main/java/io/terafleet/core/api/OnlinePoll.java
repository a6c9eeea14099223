package io.terafleet.core.api;

import java.util.List;

/**
 * A car ready for online requests: it holds {@code models} loaded and waits up to {@code waitMillis}.
 * Like a lease request, the car sends it only while its owner policy lets it compute.
 */
public record OnlinePoll(List<String> models, long waitMillis) {
}
