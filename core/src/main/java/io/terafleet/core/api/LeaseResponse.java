package io.terafleet.core.api;

import java.util.List;

/** Zero units means no work arrived while the coordinator waited: a value, not an error. */
public record LeaseResponse(List<LeasedUnit> units) {
}
