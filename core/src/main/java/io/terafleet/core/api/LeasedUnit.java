package io.terafleet.core.api;

import java.time.Instant;
import java.util.List;

/** One work unit, leased to one car until {@code expiresAt} unless heartbeats extend it. */
public record LeasedUnit(String unitId, String leaseId, String jobId, String model, Instant expiresAt,
                         List<UnitInput> inputs) {
}
