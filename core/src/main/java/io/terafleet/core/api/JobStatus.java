package io.terafleet.core.api;

import java.time.Instant;

/** What a client sees of a batch job. Counts are of inputs; they always sum to {@code total}. */
public record JobStatus(String id, String model, String state, int total, int queued, int running,
                        int completed, int failed, Instant createdAt, Instant finishedAt) {
}
