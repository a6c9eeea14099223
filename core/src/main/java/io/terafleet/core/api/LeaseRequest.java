package io.terafleet.core.api;

import java.util.List;

/**
 * Ask for work, waiting up to {@code waitMillis} (bounded by the coordinator) when there is none.
 *
 * @param maxUnits how many units the car will take at once (1 or more)
 * @param models   the models the car can run; empty means any built-in model
 */
public record LeaseRequest(int maxUnits, long waitMillis, List<String> models) {
}
