package io.terafleet.core.api;

import java.time.Instant;

/**
 * A car's latest decision as its agent reported it: eligible, or not with the policy's reason
 * code and detail. Sent to {@code POST /v1/agent/status} when the decision changes, and read back
 * from {@code GET /v1/agent/status} with the time the coordinator recorded it.
 */
public record CarStatus(boolean eligible, String reason, String detail, Instant reportedAt) {
    public static CarStatus eligibleNow() {
        return new CarStatus(true, null, null, null);
    }

    public static CarStatus notEligible(String reason, String detail) {
        return new CarStatus(false, reason, detail, null);
    }
}
