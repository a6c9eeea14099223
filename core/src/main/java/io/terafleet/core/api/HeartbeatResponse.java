package io.terafleet.core.api;

import java.time.Instant;

/** {@code live == false}: the lease was lost (expired or cancelled); stop working on the unit. */
public record HeartbeatResponse(boolean live, Instant expiresAt) {
}
