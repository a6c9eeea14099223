package io.terafleet.core.api;

import java.util.List;

/**
 * Hands a unit back at once (the car is needed), with whatever inputs it finished; the
 * coordinator keeps those and requeues the rest.
 */
public record ReleaseRequest(String leaseId, List<InputResult> partialResults, String reason) {
}
