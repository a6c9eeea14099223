package io.terafleet.core.scheduling;

import java.time.Instant;
import java.util.Objects;

/**
 * One job's leasable work right now, as the scheduler ranks it.
 *
 * @param deadline      when the job's completion window ends, or null for none
 * @param queuedInputs  inputs in units that may be leased now
 * @param weight        the tenant's fair-share weight (> 0)
 * @param tokensPerInput for a generation job, the most tokens one of its answers may take (units are then sized
 *                       by the car's tokens per second); 0 for a job sized by inputs per second
 */
public record QueuedWork(String jobId, String tenant, PriorityClass priority, Instant deadline, Instant createdAt,
                         String model, ModelRequirements requirements, int queuedInputs, double weight,
                         int tokensPerInput) {
    public QueuedWork(String jobId, String tenant, PriorityClass priority, Instant deadline, Instant createdAt,
                      String model, ModelRequirements requirements, int queuedInputs, double weight) {
        this(jobId, tenant, priority, deadline, createdAt, model, requirements, queuedInputs, weight, 0);
    }

    public boolean generation() {
        return tokensPerInput > 0;
    }

    public QueuedWork {
        if (tokensPerInput < 0) {
            throw new IllegalArgumentException("tokensPerInput: must be ≥ 0, was " + tokensPerInput);
        }
        Objects.requireNonNull(jobId, "jobId: must be set");
        Objects.requireNonNull(tenant, "tenant: must be set");
        Objects.requireNonNull(priority, "priority: must be set");
        Objects.requireNonNull(createdAt, "createdAt: must be set");
        Objects.requireNonNull(model, "model: must be set");
        requirements = requirements == null ? ModelRequirements.NONE : requirements;
        if (!(weight > 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("weight: must be > 0, was " + weight);
        }
    }
}
