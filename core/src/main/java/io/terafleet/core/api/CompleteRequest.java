package io.terafleet.core.api;

import java.util.List;

/** Results for every input of a unit, with the time the car spent computing them. */
public record CompleteRequest(String leaseId, List<InputResult> results, long computeMillis) {
}
