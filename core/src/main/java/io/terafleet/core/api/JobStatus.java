package io.terafleet.core.api;

import java.time.Instant;

/**
 * What a client sees of a job. Counts are of inputs; they always sum to {@code total}. {@code state} is the wire
 * name of the job's lifecycle state ({@code validating}, {@code in_progress}, {@code finalizing},
 * {@code completed}, {@code failed}, {@code cancelled}, {@code expired}); {@code failed} inputs are listed in the
 * job's error stream.
 *
 * @param priority  {@code online} or {@code batch}
 * @param expiresAt when the completion window ends, or null for none
 */
public record JobStatus(String id, String model, String state, int total, int queued, int running,
                        int completed, int failed, Instant createdAt, Instant finishedAt, String tenant,
                        String priority, Instant expiresAt) {

    /** A batch job of the default tenant with no completion window. */
    public JobStatus(String id, String model, String state, int total, int queued, int running, int completed,
                     int failed, Instant createdAt, Instant finishedAt) {
        this(id, model, state, total, queued, running, completed, failed, createdAt, finishedAt, "default", "batch",
                null);
    }

    public boolean ended() {
        return finishedAt != null;
    }
}
