package io.terafleet.coordinator.jobs;

import io.terafleet.core.scheduling.PriorityClass;
import java.time.Instant;
import java.util.Objects;

/**
 * What a job is, apart from its inputs.
 *
 * @param tenant   who owns the job; the scheduler shares cars fairly between tenants
 * @param deadline when the completion window ends (the job expires then), or null for none
 * @param unitSize the most inputs in one unit; units are cut smaller per car when they are leased
 */
public record JobSpec(String jobId, String model, String tenant, PriorityClass priority, Instant deadline,
                      int unitSize) {
    public static final String DEFAULT_TENANT = "default";
    public static final int MAX_UNIT_SIZE = JobCreation.MAX_UNIT_SIZE;
    static final int MAX_TENANT_LENGTH = 64;

    public JobSpec {
        JobCreation.requireJobId(jobId);
        if (model == null || model.isBlank() || model.length() > JobCreation.MAX_MODEL_LENGTH) {
            throw new IllegalArgumentException("model: must be 1.." + JobCreation.MAX_MODEL_LENGTH + " characters");
        }
        if (tenant == null || tenant.isBlank() || tenant.length() > MAX_TENANT_LENGTH) {
            throw new IllegalArgumentException("tenant: must be 1.." + MAX_TENANT_LENGTH + " characters");
        }
        Objects.requireNonNull(priority, "priority: must be set");
        if (unitSize < 1 || unitSize > JobCreation.MAX_UNIT_SIZE) {
            throw new IllegalArgumentException("unitSize: must be within 1.." + JobCreation.MAX_UNIT_SIZE + ", was "
                    + unitSize);
        }
    }

    /** A batch job of the default tenant with no completion window. */
    public static JobSpec batch(String jobId, String model, int unitSize) {
        return new JobSpec(jobId, model, DEFAULT_TENANT, PriorityClass.BATCH, null, unitSize);
    }
}
